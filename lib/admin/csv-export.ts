// The console's CSV export of active subscribers (address, topics, frequency, confirmed at). Every cell is quoted
// (RFC 4180), and a cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
// gets a leading single quote, so opening the file cannot execute anything an address or a topic smuggled in. The
// rows are read in keyset-paged chunks, so a large list is streamed, never held whole.
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/admin/admin-store";
import type { Operator } from "@/lib/admin/session";
import type { ClientInfo } from "@/lib/http/client-info";

const PAGE = 1000;

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export const EXPORT_HEADER = ["address", "topics", "frequency", "confirmed_at"];

/** The file's lines: the header, then one per active subscriber, oldest first. */
export async function* activeSubscriberLines(db: Db): AsyncGenerator<string> {
  yield csvLine(EXPORT_HEADER);
  let after: string | undefined;
  for (;;) {
    const page = await db.subscriber.findMany({
      where: { status: "ACTIVE", ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, email: true, emailAsTyped: true, frequency: true, confirmedAt: true, topics: { select: { topic: { select: { slug: true } } } } },
    });
    for (const s of page) {
      const topics = s.topics.map((t) => t.topic.slug).sort().join(";");
      yield csvLine([s.emailAsTyped ?? s.email, topics, s.frequency.toLowerCase(), s.confirmedAt?.toISOString() ?? ""]);
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.id;
  }
}

/** Records the export in the audit log (with the count at that moment) and answers the file as a download. */
export async function exportActiveSubscribers(db: Db, operator: Pick<Operator, "email">, client: ClientInfo, now = new Date()): Promise<Response> {
  const count = await db.subscriber.count({ where: { status: "ACTIVE" } });
  await appendAudit(db, { actor: operator.email, action: "exported active subscribers", target: null, detail: `${count} active subscribers`, ip: client.ip, userAgent: client.userAgent });
  const lines = activeSubscriberLines(db);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="paperboy-active-subscribers-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
