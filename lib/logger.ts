// Structured logs. Never log tokens or whole e-mail addresses: use maskEmail() where an address helps debugging.
import { pino } from "pino";
import { env } from "@/lib/env";

let root: pino.Logger | undefined;

export function logger(): pino.Logger {
  root ??= pino({
    level: safeLevel(),
    base: { app: "paperboy" },
    redact: { paths: ["email", "*.email", "token", "*.token", "to", "*.to"], censor: "[redacted]" },
  });
  return root;
}

function safeLevel(): string {
  try {
    return env().LOG_LEVEL;
  } catch {
    return "info";
  }
}

/** "ada@example.org" -> "a***@example.org": enough to tell cases apart, not enough to identify anyone. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
