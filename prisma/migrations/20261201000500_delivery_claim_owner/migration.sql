-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "claimedBy" INTEGER;

