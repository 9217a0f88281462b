-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "alsoTrendingIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "transmittedAt" TIMESTAMP(3);

