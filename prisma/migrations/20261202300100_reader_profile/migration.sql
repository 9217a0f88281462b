-- CreateTable
CREATE TABLE "ReaderProfile" (
    "subscriberId" UUID NOT NULL,
    "features" INTEGER[],
    "weights" DOUBLE PRECISION[],
    "positives" INTEGER NOT NULL,
    "negatives" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReaderProfile_pkey" PRIMARY KEY ("subscriberId")
);

-- AddForeignKey
ALTER TABLE "ReaderProfile" ADD CONSTRAINT "ReaderProfile_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

