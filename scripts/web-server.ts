// `npm start [-- -p PORT -H HOST]`: serves the production build (`npm run build` first) through lib/http/web-server.ts.
// PORT and HOSTNAME are read as `next start` reads them; the flags win.
import "dotenv/config";
import path from "node:path";
import { startWebServer } from "@/lib/http/web-server";
import { logger } from "@/lib/logger";
import { siteContentSecurityPolicy } from "@/app/components/site-style";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(flag("-p") ?? process.env.PORT ?? 3000);
const hostname = flag("-H") ?? process.env.HOSTNAME ?? "0.0.0.0";
(process.env as Record<string, string>).NODE_ENV = "production";

const server = await startWebServer({ port, hostname, dir: path.resolve(import.meta.dirname, ".."), sitePolicy: siteContentSecurityPolicy });
logger().info({ port, hostname }, "web server ready");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    // Answers in progress finish; idle keep-alive connections must not hold the exit.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
