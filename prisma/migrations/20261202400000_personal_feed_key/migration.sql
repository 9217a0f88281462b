-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN     "feedKey" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Subscriber_feedKey_key" ON "Subscriber"("feedKey");

