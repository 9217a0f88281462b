-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SubscriberStatus" AS ENUM ('PENDING', 'ACTIVE', 'UNSUBSCRIBED');

-- CreateEnum
CREATE TYPE "Frequency" AS ENUM ('DAILY', 'WEEKLY');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('ERASED', 'HARD_BOUNCE', 'COMPLAINT');

-- CreateEnum
CREATE TYPE "ConsentEventKind" AS ENUM ('SIGNUP', 'CONFIRM', 'TOPICS_CHANGED', 'FREQUENCY_CHANGED', 'PAUSED', 'UNSUBSCRIBE', 'RESUBSCRIBE');

-- CreateEnum
CREATE TYPE "EditionStatus" AS ENUM ('FANNING_OUT', 'SENDING', 'PAUSED', 'DONE');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'BOUNCED', 'UNKNOWN', 'SKIPPED');

-- CreateTable
CREATE TABLE "Topic" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "keywords" TEXT[],
    "arxivCategories" TEXT[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscriber" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "status" "SubscriberStatus" NOT NULL DEFAULT 'PENDING',
    "frequency" "Frequency" NOT NULL DEFAULT 'DAILY',
    "pausedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),
    "unsubscribedAt" TIMESTAMP(3),
    "lastConfirmationSentAt" TIMESTAMP(3),
    "hardBounceCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscriber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriberTopic" (
    "subscriberId" UUID NOT NULL,
    "topicId" INTEGER NOT NULL,

    CONSTRAINT "SubscriberTopic_pkey" PRIMARY KEY ("subscriberId","topicId")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "emailHash" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("emailHash")
);

-- CreateTable
CREATE TABLE "ConsentEvent" (
    "id" BIGSERIAL NOT NULL,
    "subscriberId" UUID NOT NULL,
    "kind" "ConsentEventKind" NOT NULL,
    "email" TEXT NOT NULL,
    "topics" TEXT[],
    "consentVersion" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Paper" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "authors" TEXT[],
    "publishedAt" TIMESTAMP(3),
    "submittedOnDailyAt" TIMESTAMP(3),
    "dailyDate" DATE,
    "upvotes" INTEGER NOT NULL DEFAULT 0,
    "aiSummary" TEXT,
    "aiKeywords" TEXT[],
    "githubRepo" TEXT,
    "githubStars" INTEGER,
    "projectPage" TEXT,
    "numComments" INTEGER NOT NULL DEFAULT 0,
    "thumbnail" TEXT,
    "arxivCategories" TEXT[],
    "arxivVersion" INTEGER,
    "source" TEXT NOT NULL,
    "trendingScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Paper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaperSnapshot" (
    "id" BIGSERIAL NOT NULL,
    "paperId" TEXT NOT NULL,
    "upvotes" INTEGER NOT NULL,
    "githubStars" INTEGER,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaperSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaperTopic" (
    "paperId" TEXT NOT NULL,
    "topicId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL DEFAULT 1,

    CONSTRAINT "PaperTopic_pkey" PRIMARY KEY ("paperId","topicId")
);

-- CreateTable
CREATE TABLE "Edition" (
    "id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "frequency" "Frequency" NOT NULL,
    "status" "EditionStatus" NOT NULL DEFAULT 'FANNING_OUT',
    "consecutiveErrors" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fannedOutAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Edition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "editionId" UUID NOT NULL,
    "subscriberId" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "paperIds" TEXT[],
    "contentKey" TEXT,
    "messageId" TEXT,
    "smtpResponse" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentPaper" (
    "subscriberId" UUID NOT NULL,
    "paperId" TEXT NOT NULL,
    "deliveryId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentPaper_pkey" PRIMARY KEY ("subscriberId","paperId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Topic_slug_key" ON "Topic"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Subscriber_email_key" ON "Subscriber"("email");

-- CreateIndex
CREATE INDEX "Subscriber_status_id_idx" ON "Subscriber"("status", "id");

-- CreateIndex
CREATE INDEX "SubscriberTopic_topicId_idx" ON "SubscriberTopic"("topicId");

-- CreateIndex
CREATE INDEX "ConsentEvent_subscriberId_createdAt_idx" ON "ConsentEvent"("subscriberId", "createdAt");

-- CreateIndex
CREATE INDEX "Paper_dailyDate_trendingScore_idx" ON "Paper"("dailyDate", "trendingScore");

-- CreateIndex
CREATE INDEX "PaperSnapshot_paperId_takenAt_idx" ON "PaperSnapshot"("paperId", "takenAt");

-- CreateIndex
CREATE INDEX "PaperTopic_topicId_idx" ON "PaperTopic"("topicId");

-- CreateIndex
CREATE UNIQUE INDEX "Edition_date_frequency_key" ON "Edition"("date", "frequency");

-- CreateIndex
CREATE INDEX "Delivery_editionId_status_idx" ON "Delivery"("editionId", "status");

-- CreateIndex
CREATE INDEX "Delivery_status_createdAt_idx" ON "Delivery"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_editionId_subscriberId_key" ON "Delivery"("editionId", "subscriberId");

-- AddForeignKey
ALTER TABLE "SubscriberTopic" ADD CONSTRAINT "SubscriberTopic_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriberTopic" ADD CONSTRAINT "SubscriberTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentEvent" ADD CONSTRAINT "ConsentEvent_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperSnapshot" ADD CONSTRAINT "PaperSnapshot_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperTopic" ADD CONSTRAINT "PaperTopic_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperTopic" ADD CONSTRAINT "PaperTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "Edition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentPaper" ADD CONSTRAINT "SentPaper_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentPaper" ADD CONSTRAINT "SentPaper_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

