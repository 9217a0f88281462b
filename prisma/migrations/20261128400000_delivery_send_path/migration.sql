-- Delivery rows change state three times while a digest goes out (claim, transmission mark, sent). With `status`
-- in two indexes every change inserted index entries, and the (editionId, status) index piled up dead entries that
-- the planner then walked for every transmission mark (12 ms per mark at 30,000 rows, growing with the edition).
-- Without them the updates are HOT: no index is touched, and the hot-path statements can only find rows by id.
DROP INDEX "Delivery_editionId_status_idx";

DROP INDEX "Delivery_status_createdAt_idx";

CREATE INDEX "Delivery_subscriberId_idx" ON "Delivery"("subscriberId");

-- Room in each page for the new versions of its rows, so an update can stay on the same page (a HOT update).
ALTER TABLE "Delivery" SET (fillfactor = 60);

-- Which papers a subscriber already received is read from the SENT delivery rows (lib/digest/received-papers.ts).
-- SentPaper repeated that, at thirteen rows and 26 foreign-key checks per message sent.
DROP TABLE "SentPaper";
