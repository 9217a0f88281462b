-- CreateEnum
CREATE TYPE "VoteValue" AS ENUM ('MORE', 'LESS');

-- CreateTable
CREATE TABLE "PaperVote" (
    "subscriberId" UUID NOT NULL,
    "paperId" TEXT NOT NULL,
    "value" "VoteValue" NOT NULL,
    "editionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaperVote_pkey" PRIMARY KEY ("subscriberId","paperId")
);

-- CreateTable
CREATE TABLE "SavedPaper" (
    "subscriberId" UUID NOT NULL,
    "paperId" TEXT NOT NULL,
    "editionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedPaper_pkey" PRIMARY KEY ("subscriberId","paperId")
);

-- AddForeignKey
ALTER TABLE "PaperVote" ADD CONSTRAINT "PaperVote_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperVote" ADD CONSTRAINT "PaperVote_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedPaper" ADD CONSTRAINT "SavedPaper_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedPaper" ADD CONSTRAINT "SavedPaper_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

