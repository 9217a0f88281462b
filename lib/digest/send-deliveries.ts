// The body of a digest-send job: claim a batch of deliveries, fill each subscriber's message from the shared
// template, hand them to the SMTP pool, and record every outcome. Database writes on the hot path are batched
// across the messages in flight (one statement per few messages) so that PostgreSQL is not the bottleneck.
import { UnrecoverableError } from "bullmq";
import { MARK_CONNECTIONS, type Sql } from "@/lib/digest/pg-pool";
import { classifySmtpOutcome } from "@/lib/mail/classify-smtp-outcome";
import type { SmtpPool, SendOutcome } from "@/lib/mail/smtp-pool";
import {
  claimDeliveries,
  countHardBounce,
  loadContent,
  markTransmitting,
  recordFinal,
  recordSent,
  releaseForRetry,
  type ClaimedDelivery,
  type SentRecord,
} from "@/lib/digest/delivery-store";
import { buildContentTemplate, PaperCache, type RenderSettings } from "@/lib/digest/digest-content";
import { fillMimeTemplate, type MimeTemplate } from "@/lib/digest/mime-template";
import { MicroBatcher } from "@/lib/digest/micro-batcher";
import { markDoneIfFinished, noteOutcomes } from "@/lib/digest/edition-store";
import { DependencyDownError, isConnectionError } from "@/lib/outage/connection-error";
import { SendGuard } from "@/lib/outage/send-guard";
import { logger } from "@/lib/logger";

export interface SenderSettings extends RenderSettings {
  envelopeFrom: string;
  /** The envelope sender naming one delivery (VERP), when bounces come back to a bounce domain; else envelopeFrom. */
  bounceAddress?: (deliveryId: string) => string;
  messageIdDomain: string;
  hardBounceLimit: number;
  errorBurstLimit: number;
  /** How many shared templates to keep in memory (each is roughly the size of one message). */
  templateCacheSize?: number;
  /** DKIM signing of each finished message, when configured. */
  sign?: (raw: Buffer) => Promise<Buffer>;
}

export interface SenderLinks {
  manage(subscriberId: string): string;
  unsubscribe(subscriberId: string, editionId: string): string;
  /** The base of a paper's feedback links in this subscriber's digest of this edition. */
  feedback(subscriberId: string, editionId: string, paperId: string): string;
}

/**
 * Whether more send batches are still queued (waiting or delayed), so that a later batch will close the edition.
 * Checking "is the edition finished?" reads all the edition's delivery rows (status has no index, to keep the three
 * updates of a delivery HOT), so only batches that may be the last one run it (docs/benchmarks.md). Without this
 * hook every batch checks.
 */
export type MoreBatchesQueued = () => Promise<boolean>;

export interface BatchSummary {
  claimed: number;
  sent: number;
  retry: number;
  bounced: number;
  failed: number;
  unknown: number;
  skipped: number;
  /** Not sent because PostgreSQL could not be reached (released for a later try, not counted as an SMTP error). */
  deferred: number;
}

export class RetryLaterError extends Error {
  constructor(count: number) {
    super(`${count} deliveries refused for now (4xx or not connected); retrying with backoff`);
    this.name = "RetryLaterError";
  }
}

export interface DigestSenderOptions {
  sql: Sql;
  pool: SmtpPool;
  settings: SenderSettings;
  links: SenderLinks;
  /** Where transmission marks are written (connections of their own, see pg-pool.ts); `sql` when not given. */
  markSql?: Sql;
  moreBatchesQueued?: MoreBatchesQueued;
  guard?: SendGuard;
}

export class DigestSender {
  private readonly papers: PaperCache;
  private readonly templates = new Map<string, Promise<MimeTemplate>>();
  private readonly marks: MicroBatcher<{ id: string; attempts: number }, boolean>;
  private readonly sentRecords: MicroBatcher<SentRecord, undefined>;
  private readonly editionStats = new Map<string, { success: boolean; trailing: number }>();

  private readonly sql: Sql;
  private readonly pool: SmtpPool;
  private readonly settings: SenderSettings;
  private readonly links: SenderLinks;
  private readonly moreBatchesQueued: MoreBatchesQueued;
  private readonly guard: SendGuard;

  constructor(options: DigestSenderOptions) {
    const { sql, markSql = sql } = options;
    this.sql = sql;
    this.pool = options.pool;
    this.settings = options.settings;
    this.links = options.links;
    this.moreBatchesQueued = options.moreBatchesQueued ?? (async () => false);
    this.guard = options.guard ?? new SendGuard(sql);
    this.papers = new PaperCache(sql);
    // As many marks in flight as the mark pool has connections; the messages that reach 354 meanwhile gather for
    // the next statement instead of queueing one small statement each.
    this.marks = new MicroBatcher(async (items) => {
      const ok = await markTransmitting(markSql, items);
      return items.map((i) => ok.has(i.id));
    }, { maxItems: 64, maxWaitMs: 0, maxConcurrent: MARK_CONNECTIONS });
    // The server has accepted these messages: the record waits out a database outage in memory, however long.
    this.sentRecords = new MicroBatcher(async (records) => {
      await this.write(() => recordSent(sql, records));
      await this.flushEditionStats();
      return records.map(() => undefined);
    }, { maxItems: 200, maxWaitMs: 20 });
  }

  /**
   * After this, outcomes still waiting for an unreachable database are given up (their rows end UNKNOWN or
   * PENDING through the reconciler, as after a crash) so that the process can exit.
   */
  close(): void {
    this.guard.close();
  }

  sendBatch(deliveryIds: string[]): Promise<BatchSummary> {
    return this.guard.working(deliveryIds, () => this.sendClaimed(deliveryIds));
  }

  private async sendClaimed(deliveryIds: string[]): Promise<BatchSummary> {
    // Nothing claimed, or a claim whose reply was lost (released when the database is back): the batch waits.
    const rows: ClaimedDelivery[] = await this.guard.orLater(() => claimDeliveries(this.sql, deliveryIds));
    const summary: BatchSummary = { claimed: rows.length, sent: 0, retry: 0, bounced: 0, failed: 0, unknown: 0, skipped: 0, deferred: 0 };
    await Promise.all(rows.map((row) => this.sendOne(row, summary)));
    // Outcomes are durable before the job reports success.
    await this.sentRecords.drain();
    await this.flushEditionStats();
    // The batch that finishes an edition closes it (the reconciler would, a minute later). While batches are still
    // queued, one of them comes later and checks then. Redis unreachable: check anyway, it is only a query.
    const moreQueued = rows.length > 0 && (await this.moreBatchesQueued().catch(() => false));
    if (rows.length > 0 && !moreQueued) {
      for (const editionId of new Set(rows.map((r) => r.editionId))) await this.write(() => markDoneIfFinished(this.sql, editionId));
    }
    if (summary.deferred > 0) throw new DependencyDownError("postgres", new Error(`${summary.deferred} deliveries released during an outage`));
    if (summary.retry > 0) throw new RetryLaterError(summary.retry);
    if (summary.bounced + summary.failed > 0 && summary.sent === 0 && summary.unknown === 0 && summary.skipped === 0) {
      throw new UnrecoverableError(`${summary.bounced} bounced, ${summary.failed} failed permanently`);
    }
    return summary;
  }

  private template(row: ClaimedDelivery): Promise<MimeTemplate> {
    const key = `${row.editionId}/${row.contentKey}`;
    let t = this.templates.get(key);
    if (t) {
      // Refresh its place in the LRU order.
      this.templates.delete(key);
      this.templates.set(key, t);
      return t;
    }
    t = loadContent(this.sql, row.id).then(async (content) => {
      const papers = await this.papers.get([...content.paperIds, ...content.alsoTrendingIds]);
      return buildContentTemplate({ ...row, ...content }, papers, this.settings);
    });
    t.catch(() => this.templates.delete(key));
    this.templates.set(key, t);
    const max = this.settings.templateCacheSize ?? 2000;
    while (this.templates.size > max) this.templates.delete(this.templates.keys().next().value!);
    return t;
  }

  private async sendOne(row: ClaimedDelivery, summary: BatchSummary): Promise<void> {
    const item = { id: row.id, attempts: row.attempts };
    const startedAt = this.guard.outage.now();
    let raw: Buffer;
    try {
      const t = await this.template(row);
      raw = fillMimeTemplate(t, {
        to: row.email,
        messageId: `<${row.id}@${this.settings.messageIdDomain}>`,
        manageUrl: this.links.manage(row.subscriberId),
        unsubscribeUrl: this.links.unsubscribe(row.subscriberId, row.editionId),
        feedbackUrls: t.feedbackPaperIds.map((paperId) => this.links.feedback(row.subscriberId, row.editionId, paperId)),
      });
      if (this.settings.sign) raw = await this.settings.sign(raw);
    } catch (err) {
      if (isConnectionError(err)) return this.defer(item, summary, err, startedAt);
      // A message that cannot be built (e.g. an address that cannot go into a header) will not build next time.
      await this.write(() => recordFinal(this.sql, item, "FAILED", `could not build message: ${(err as Error).message}`));
      summary.failed++;
      this.note(row.editionId, false);
      return;
    }
    let markError: unknown = undefined;
    const outcome = await this.pool.send({
      from: this.settings.bounceAddress?.(row.id) ?? this.settings.envelopeFrom,
      to: row.email,
      raw,
      beforeData: async () => {
        try {
          return await this.marks.add(item);
        } catch (err) {
          markError = err;
          throw err;
        }
      },
    });
    // The transmission mark could not be written, so no bytes were sent: a database problem, never an SMTP error.
    if (outcome.kind === "not-sent" && markError !== undefined) return this.defer(item, summary, markError, startedAt);
    await this.handle(row, item, outcome, summary);
  }

  /** Released for a later claim once the database answers again; the job is tried again without losing an attempt. */
  private async defer(item: { id: string; attempts: number }, summary: BatchSummary, err: unknown, startedAt: number): Promise<void> {
    summary.deferred++;
    await this.guard.releaseUnsent(item, err, startedAt);
  }

  /** A write of an outcome: waits out a database outage (fenced by the attempt number, so a late write is safe). */
  private write<T>(step: () => Promise<T>): Promise<T> {
    return this.guard.hold(step);
  }

  private async handle(row: ClaimedDelivery, item: { id: string; attempts: number }, o: SendOutcome, summary: BatchSummary) {
    const verdict = classifySmtpOutcome(o);
    if (verdict.kind === "vetoed") {
      summary.skipped++;
      return;
    }
    this.note(row.editionId, verdict.kind === "sent");
    switch (verdict.kind) {
      case "sent":
        summary.sent++;
        await this.sentRecords.add({ ...item, messageId: `<${row.id}@${this.settings.messageIdDomain}>`, response: verdict.response.slice(0, 500) });
        return;
      case "retry":
        summary.retry++;
        if ((await this.write(() => releaseForRetry(this.sql, item, verdict.detail))) === "FAILED") {
          summary.retry--;
          summary.failed++;
        }
        return;
      case "unknown":
        summary.unknown++;
        await this.write(() => recordFinal(this.sql, item, "UNKNOWN", verdict.detail));
        return;
      case "bounced":
        summary.bounced++;
        // Count the bounce only if this attempt still owned the row. A claim released as stale meanwhile belongs
        // to a newer attempt, which will meet the same 550 and count it once; counting here too would suppress
        // the address before its delivery row could say BOUNCED (it would end SKIPPED instead).
        if (await this.write(() => recordFinal(this.sql, item, "BOUNCED", verdict.detail))) {
          await this.write(() => countHardBounce(this.sql, row.subscriberId, this.settings.hardBounceLimit));
        }
        return;
      case "failed":
        summary.failed++;
        await this.write(() => recordFinal(this.sql, item, "FAILED", verdict.detail));
        return;
    }
  }

  private note(editionId: string, ok: boolean): void {
    const s = this.editionStats.get(editionId) ?? { success: false, trailing: 0 };
    if (ok) {
      s.success = true;
      s.trailing = 0;
    } else s.trailing++;
    this.editionStats.set(editionId, s);
    // Errors alone do not trigger a record flush; make sure a burst is seen quickly.
    if (!ok && s.trailing >= Math.max(1, Math.floor(this.settings.errorBurstLimit / 4))) {
      this.flushEditionStats().catch(() => undefined); // never rejects; see flushEditionStats
    }
  }

  /**
   * Writes the run of errors per edition (which pauses an edition at the limit). Never rejects: a count that cannot
   * be written now is put back and goes with the next flush.
   */
  private async flushEditionStats(): Promise<void> {
    const entries = [...this.editionStats.entries()];
    this.editionStats.clear();
    for (const [editionId, s] of entries) {
      const startedAt = this.guard.outage.now();
      try {
        await noteOutcomes(this.sql, editionId, s.success, s.trailing, this.settings.errorBurstLimit);
      } catch (err) {
        if (isConnectionError(err)) this.guard.outage.reportDown("postgres", err, startedAt);
        else logger().child({ component: "digest-send" }).error({ err: (err as Error).message, editionId }, "could not record the error count");
        // Older counts first: a success since then resets them.
        const newer = this.editionStats.get(editionId);
        this.editionStats.set(
          editionId,
          newer?.success ? newer : { success: s.success || (newer?.success ?? false), trailing: s.trailing + (newer?.trailing ?? 0) },
        );
      }
    }
  }
}
