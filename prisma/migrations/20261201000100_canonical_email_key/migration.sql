-- One canonical key per address (lower-cased, Unicode NFKC) in "email", and the spelling the person typed moves to
-- "emailAsTyped", for display only. Rows whose keys collide are merged into the oldest one, the suppression list
-- gains the hash of each key, and confirmation links get their own subject (see "confirmationId").
-- No semicolon may appear inside a statement: the driver-adapter migration runner splits scripts on every one.

ALTER TABLE "Subscriber" ADD COLUMN "confirmationId" UUID,
ADD COLUMN "emailAsTyped" TEXT,
ADD COLUMN "pendingFrequency" "Frequency",
ADD COLUMN "pendingTopicIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

UPDATE "Subscriber" SET "emailAsTyped" = email WHERE email <> lower(normalize(email, NFKC));

-- Suppressions follow the key: an address suppressed under its old spelling stays suppressed under its key. Hashes
-- whose address is gone (erased) cannot be re-keyed: they stay, and the suppression check also tries the spelling.
INSERT INTO "Suppression" ("emailHash", reason, "createdAt")
  SELECT encode(sha256(convert_to(lower(normalize(s.email, NFKC)), 'UTF8')), 'hex'), x.reason, x."createdAt"
  FROM "Subscriber" s JOIN "Suppression" x ON x."emailHash" = encode(sha256(convert_to(s.email, 'UTF8')), 'hex')
  ON CONFLICT DO NOTHING;

-- Which rows collide: every row but the oldest of its key, with the row it merges into.
CREATE TABLE "_subscriber_merge" AS
  SELECT id AS dup, keep, email AS dup_email, "createdAt" AS dup_created, status AS dup_status FROM (
    SELECT s.*, first_value(s.id) OVER (PARTITION BY lower(normalize(s.email, NFKC)) ORDER BY s."createdAt", s.id) AS keep
    FROM "Subscriber" s
  ) ranked WHERE id <> keep;

-- A kept row that is not active takes over the choices of the most recently confirmed active row it absorbs: the
-- person confirmed there, and merging must not unsubscribe them.
CREATE TABLE "_subscriber_adopt" AS
  SELECT DISTINCT ON (m.keep) m.keep, m.dup FROM "_subscriber_merge" m
  JOIN "Subscriber" d ON d.id = m.dup JOIN "Subscriber" k ON k.id = m.keep
  WHERE d.status = 'ACTIVE' AND k.status <> 'ACTIVE'
  ORDER BY m.keep, d."confirmedAt" DESC NULLS LAST, d.id;

UPDATE "Subscriber" k SET status = 'ACTIVE', "confirmedAt" = d."confirmedAt", "unsubscribedAt" = NULL,
    frequency = d.frequency, "pausedUntil" = d."pausedUntil"
  FROM "_subscriber_adopt" a JOIN "Subscriber" d ON d.id = a.dup WHERE k.id = a.keep;

DELETE FROM "SubscriberTopic" t USING "_subscriber_adopt" a WHERE t."subscriberId" = a.keep;
INSERT INTO "SubscriberTopic" ("subscriberId", "topicId")
  SELECT a.keep, t."topicId" FROM "_subscriber_adopt" a JOIN "SubscriberTopic" t ON t."subscriberId" = a.dup;

-- The consent log is append-only: the events of the absorbed rows are copied (as they were) to the kept row, then one
-- MERGED event says which row was merged.
INSERT INTO "ConsentEvent" ("subscriberId", kind, email, topics, "consentVersion", source, ip, "userAgent", detail, "createdAt")
  SELECT m.keep, c.kind, c.email, c.topics, c."consentVersion", c.source, c.ip, c."userAgent", c.detail, c."createdAt"
  FROM "ConsentEvent" c JOIN "_subscriber_merge" m ON m.dup = c."subscriberId"
  ORDER BY c.id;

INSERT INTO "ConsentEvent" ("subscriberId", kind, email, topics, "consentVersion", source, detail, "createdAt")
  SELECT m.keep, 'MERGED', k.email,
    COALESCE((SELECT array_agg(tp.slug ORDER BY tp.slug) FROM "SubscriberTopic" st JOIN "Topic" tp ON tp.id = st."topicId" WHERE st."subscriberId" = m.keep), ARRAY[]::TEXT[]),
    COALESCE((SELECT c."consentVersion" FROM "ConsentEvent" c WHERE c."subscriberId" = m.keep ORDER BY c.id DESC LIMIT 1), 'unknown'),
    'migration',
    'merged the row of ' || m.dup_email || ' (' || lower(m.dup_status::text) || ', created ' || to_char(m.dup_created AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC), the same address in another letter case'
      || CASE WHEN EXISTS (SELECT 1 FROM "_subscriber_adopt" a WHERE a.dup = m.dup) THEN ', and took over its confirmed choices' ELSE '' END,
    now()
  FROM "_subscriber_merge" m JOIN "Subscriber" k ON k.id = m.keep
  ORDER BY m.keep, m.dup_created, m.dup;

-- Mail records move with the person, and a digest both rows received is kept once (that of the kept row).
UPDATE "Delivery" d SET "subscriberId" = m.keep FROM "_subscriber_merge" m
  WHERE d."subscriberId" = m.dup
    AND d.id IN (SELECT DISTINCT ON (d2."editionId", m2.keep) d2.id FROM "Delivery" d2 JOIN "_subscriber_merge" m2 ON m2.dup = d2."subscriberId"
                 ORDER BY d2."editionId", m2.keep, d2."createdAt", d2.id)
    AND NOT EXISTS (SELECT 1 FROM "Delivery" x WHERE x."editionId" = d."editionId" AND x."subscriberId" = m.keep);
UPDATE "TransactionalMail" t SET "subscriberId" = m.keep FROM "_subscriber_merge" m WHERE t."subscriberId" = m.dup;

DELETE FROM "Subscriber" s USING "_subscriber_merge" m WHERE s.id = m.dup;
DROP TABLE "_subscriber_adopt";
DROP TABLE "_subscriber_merge";

UPDATE "Subscriber" SET email = lower(normalize(email, NFKC)) WHERE email <> lower(normalize(email, NFKC));

-- Confirmation links already sent name the subscriber id: they keep working while the sign-up is unconfirmed.
UPDATE "Subscriber" SET "confirmationId" = id
  WHERE status = 'PENDING' OR (status = 'UNSUBSCRIBED' AND "lastConfirmationSentAt" > "unsubscribedAt");

CREATE UNIQUE INDEX "Subscriber_confirmationId_key" ON "Subscriber"("confirmationId");
