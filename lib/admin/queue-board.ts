// bull-board (the BullMQ dashboard) under /admin/queues, behind the console's sign-in: every queue of
// lib/queue/queues.ts through the producers' own handles (so the project's Redis prefix). Pages and reads need a
// session (else the sign-in page); the board's state-changing API calls (retry, clean, pause, remove...) also need
// this site's Origin, answer 403 otherwise, and are written to the audit log. The board's script sends JSON with
// fetch and carries no form token, so the same-origin check plus the SameSite session cookie stand in for the
// console's CSRF field here; the secret is not rotated on these calls (the board sends several at once).
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { Db } from "@/lib/db";
import { appendAudit } from "@/lib/admin/admin-store";
import { cookieOf, redirectTo, refused } from "@/lib/admin/guard-action";
import { sameOrigin } from "@/lib/admin/request-origin";
import { operatorOf } from "@/lib/admin/session";
import { clientInfo } from "@/lib/http/client-info";
import { queue, QUEUE } from "@/lib/queue/queues";

export const QUEUE_BOARD_PATH = "/admin/queues";

const globalForBoard = globalThis as unknown as { paperboyQueueBoard?: Hono };

function board(): Hono {
  if (!globalForBoard.paperboyQueueBoard) {
    const serverAdapter = new HonoAdapter(serveStatic);
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: Object.values(QUEUE).map((name) => new BullMQAdapter(queue(name))),
      serverAdapter,
      options: { uiConfig: { boardTitle: "Paperboy queues" } },
    });
    const app = new Hono();
    app.route(QUEUE_BOARD_PATH, serverAdapter.registerPlugin());
    globalForBoard.paperboyQueueBoard = app;
  }
  return globalForBoard.paperboyQueueBoard;
}

const READS = new Set(["GET", "HEAD"]);

/** Every request to /admin/queues/*: the gate, then bull-board. */
export async function serveQueueBoard(request: Request, db: Db): Promise<Response> {
  const reading = READS.has(request.method);
  if (!reading && !sameOrigin(request.headers.get("origin"))) return refused("this request did not come from a page of this site");
  const operator = await operatorOf(db, cookieOf(request));
  if (!operator) return reading ? redirectTo("/admin/sign-in") : refused("sign in to the console first");
  if (!reading) {
    const client = clientInfo(request.headers);
    const path = new URL(request.url).pathname.slice(QUEUE_BOARD_PATH.length);
    await appendAudit(db, { actor: operator.email, action: `queue board: ${request.method} ${path}`.slice(0, 300), ip: client.ip, userAgent: client.userAgent });
  }
  return board().fetch(request);
}
