-- CreateTable
CREATE TABLE "EditionTestMail" (
    "id" UUID NOT NULL,
    "editionId" UUID NOT NULL,
    "contentKey" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mailedAt" TIMESTAMP(3),

    CONSTRAINT "EditionTestMail_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "EditionTestMail" ADD CONSTRAINT "EditionTestMail_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "Edition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
