// Structured logs. Never log tokens or whole e-mail addresses: use maskEmail() where an address helps debugging.
// JSON for machines (files, pipes, log collectors); readable lines when a person watches a terminal (LOG_FORMAT).
import { pino } from "pino";
import pretty from "pino-pretty";
import { loggingEnv } from "@/lib/env";

let root: pino.Logger | undefined;

export function logger(): pino.Logger {
  if (!root) {
    const options: pino.LoggerOptions = {
      level: loggingEnv().LOG_LEVEL,
      base: { app: "paperboy" },
      redact: { paths: ["email", "*.email", "token", "*.token", "to", "*.to"], censor: "[redacted]" },
    };
    root = humanReadable()
      ? pino(options, pretty({ sync: true, singleLine: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,app" }))
      : pino(options);
  }
  return root;
}

function humanReadable(): boolean {
  const format = loggingEnv().LOG_FORMAT;
  return format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
}

/** "ada@example.org" -> "a***@example.org": enough to tell cases apart, not enough to identify anyone. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
