// Who sent a request, for rate limits and the consent log. The client address is the right-most X-Forwarded-For
// entry: the one the nearest reverse proxy appended (Next.js itself fills the header from the socket when it is
// absent). Run Paperboy behind a proxy that appends it, otherwise a client could choose its own rate-limit bucket.
import { hasControlCharacters } from "@/lib/subscribers/control-characters";

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

interface HeaderSource {
  get(name: string): string | null;
}

export function clientInfo(headers: HeaderSource): ClientInfo {
  const forwarded = headers.get("x-forwarded-for") ?? "";
  const candidates = forwarded.split(",").map((s) => s.trim()).filter(Boolean);
  const ip = (candidates.at(-1) ?? headers.get("x-real-ip") ?? "unknown").slice(0, 64);
  const ua = headers.get("user-agent") ?? "";
  return {
    ip: hasControlCharacters(ip) ? "unknown" : ip,
    // Kept for the consent log; bounded and cleaned because it is visitor-controlled.
    userAgent: hasControlCharacters(ua) ? ua.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").slice(0, 512) : ua.slice(0, 512),
  };
}
