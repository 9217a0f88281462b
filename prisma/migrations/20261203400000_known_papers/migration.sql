-- CreateTable
CREATE TABLE "KnownPaper" (
    "subscriberId" UUID NOT NULL,
    "paperId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnownPaper_pkey" PRIMARY KEY ("subscriberId","paperId")
);

-- AddForeignKey
ALTER TABLE "KnownPaper" ADD CONSTRAINT "KnownPaper_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnownPaper" ADD CONSTRAINT "KnownPaper_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;
