-- CreateEnum
CREATE TYPE "ReaderFilterKind" AS ENUM ('MUTED_WORD', 'MUTED_AUTHOR', 'FOLLOWED_AUTHOR');

-- CreateTable
CREATE TABLE "ReaderFilter" (
    "subscriberId" UUID NOT NULL,
    "kind" "ReaderFilterKind" NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReaderFilter_pkey" PRIMARY KEY ("subscriberId","kind","value")
);

-- AddForeignKey
ALTER TABLE "ReaderFilter" ADD CONSTRAINT "ReaderFilter_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

