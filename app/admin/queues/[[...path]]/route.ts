// The queue dashboard (bull-board) and its API, behind the console's sign-in: lib/admin/queue-board.ts.
import { db } from "@/lib/db";
import { serveQueueBoard } from "@/lib/admin/queue-board";

export const dynamic = "force-dynamic";

const handle = (request: Request) => serveQueueBoard(request, db());

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
