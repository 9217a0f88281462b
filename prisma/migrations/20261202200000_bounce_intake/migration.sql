-- CreateEnum
CREATE TYPE "BounceKind" AS ENUM ('HARD', 'SOFT', 'DELAYED', 'COMPLAINT');

-- CreateEnum
CREATE TYPE "BounceSource" AS ENUM ('SMTP', 'IMAP', 'SES', 'POSTMARK', 'MAILGUN', 'SENDGRID');

-- AlterEnum
ALTER TYPE "SuppressionReason" ADD VALUE 'SOFT_BOUNCE';

-- AlterTable
ALTER TABLE "Edition" ADD COLUMN     "pauseReason" TEXT;

-- CreateTable
CREATE TABLE "BounceEvent" (
    "id" UUID NOT NULL,
    "eventKey" TEXT NOT NULL,
    "source" "BounceSource" NOT NULL,
    "kind" "BounceKind" NOT NULL,
    "deliveryId" UUID,
    "transactionalMailId" UUID,
    "subscriberId" UUID,
    "editionId" UUID,
    "status" TEXT,
    "detail" TEXT,
    "outcome" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BounceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnparseableMessage" (
    "id" UUID NOT NULL,
    "source" "BounceSource" NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnparseableMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BounceEvent_eventKey_key" ON "BounceEvent"("eventKey");

-- CreateIndex
CREATE INDEX "BounceEvent_subscriberId_kind_idx" ON "BounceEvent"("subscriberId", "kind");

-- CreateIndex
CREATE INDEX "BounceEvent_editionId_kind_idx" ON "BounceEvent"("editionId", "kind");

