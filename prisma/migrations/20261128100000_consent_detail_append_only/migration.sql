-- AlterTable
ALTER TABLE "ConsentEvent" ADD COLUMN     "detail" TEXT;

-- The consent log is append-only: rows are inserted and, on erasure, deleted with their subscriber, but never
-- rewritten. The database enforces it so that no code path (or hand-written SQL) can quietly edit the record.
-- The body is an E-string with \073 for the semicolon: the driver-adapter migration runner splits scripts on every
-- semicolon, dollar-quoted bodies included.
CREATE FUNCTION "consent_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''ConsentEvent is append-only: rows cannot be updated''\073 END\073';

CREATE TRIGGER "consent_event_no_update"
  BEFORE UPDATE ON "ConsentEvent"
  FOR EACH ROW EXECUTE FUNCTION "consent_event_append_only"();
