-- New consent log kinds, in a migration of their own: an enum value cannot be used in the transaction that adds it,
-- and the next migration writes MERGED rows.
ALTER TYPE "ConsentEventKind" ADD VALUE 'MERGED';
ALTER TYPE "ConsentEventKind" ADD VALUE 'SUPPRESSION_LIFTED';
