// `npm start`: serves the built web app (see lib/http/web-server.ts) on PORT (default 3000) or `-p PORT`, and
// `-H HOST`. Stops on SIGTERM/SIGINT after the requests in flight.
import "dotenv/config";
import path from "node:path";
import { env } from "@/lib/env";
import { startWebServer } from "@/lib/http/web-server";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const port = Number(flag("-p") ?? flag("--port") ?? env().PORT);
const hostname = flag("-H") ?? flag("--hostname") ?? "0.0.0.0";

const server = await startWebServer({ dir: path.resolve(import.meta.dirname, ".."), port, hostname });
console.log(`paperboy web: listening on http://${hostname}:${port}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
