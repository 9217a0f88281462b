-- CreateEnum
CREATE TYPE "TransactionalKind" AS ENUM ('CONFIRMATION', 'WELCOME');

-- CreateTable
CREATE TABLE "TransactionalMail" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "subscriberId" UUID NOT NULL,
    "kind" "TransactionalKind" NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMP(3),
    "transmittedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "messageId" TEXT,
    "smtpResponse" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransactionalMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TransactionalMail_key_key" ON "TransactionalMail"("key");

-- CreateIndex
CREATE INDEX "TransactionalMail_subscriberId_idx" ON "TransactionalMail"("subscriberId");

-- AddForeignKey
ALTER TABLE "TransactionalMail" ADD CONSTRAINT "TransactionalMail_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

