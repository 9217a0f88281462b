// An in-process cache of the two pages a crowd lands on (/ and /papers, keyed on path and query), in front of the
// Next.js renderer. Each answer still gets what must never be shared: a fresh Content-Security-Policy nonce and a
// fresh single-use form stamp, substituted into the cached HTML. A page leaves the cache when its time is up, or at
// once when the papers or topics change (a cheap database fingerprint, looked at most once a second, which is also
// the liveness check of PostgreSQL and Redis: while either fails, nothing is served from the cache, so the request
// goes on to the proxy's outage gate).
export interface RenderedPage {
  status: number;
  headers: [string, string][];
  body: string;
}

export interface PageCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** How often the fingerprint is looked at, at most. */
  checkEveryMs: number;
  /** Changes whenever what the cached pages show changes; throws while a dependency is down. */
  fingerprint: () => Promise<string>;
  render: (key: string) => Promise<RenderedPage>;
  newNonce: () => string;
  newStamp: () => string;
  now?: () => number;
}

/** A page as it is answered: its body in bytes. */
export interface ServedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/**
 * A kept page, its body cut where the nonce and the stamp stand and kept in bytes, so each answer is a join of
 * buffers instead of a search and replace over the whole page and its encoding.
 */
interface Entry {
  status: number;
  headers: [string, string][];
  storedAt: number;
  nonce: string | undefined;
  parts: Buffer[];
  slots: ("nonce" | "stamp")[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function cutPage(body: string, nonce: string | undefined, stamp: string | undefined): Pick<Entry, "parts" | "slots"> {
  const marks = [nonce, stamp].filter((m): m is string => !!m);
  if (marks.length === 0) return { parts: [Buffer.from(body, "utf8")], slots: [] };
  const parts: Buffer[] = [];
  const slots: Entry["slots"] = [];
  let last = 0;
  for (const m of body.matchAll(new RegExp(marks.map(escapeRegExp).join("|"), "g"))) {
    parts.push(Buffer.from(body.slice(last, m.index), "utf8"));
    slots.push(m[0] === nonce ? "nonce" : "stamp");
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(body.slice(last), "utf8"));
  return { parts, slots };
}

const NONCE_IN_POLICY = /'nonce-([A-Za-z0-9+/=]+)'/;
const STAMP_FIELD = /<input type="hidden" name="stamp" value="([0-9a-z]+\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{22})"/;
const HEADERS_NOT_KEPT = new Set(["date", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"]);

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly filling = new Map<string, Promise<Entry | undefined>>();
  private checked: { at: number; ok: boolean; fingerprint?: string } | undefined;
  private checking: Promise<boolean> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The page for this key with a fresh nonce and stamp, or undefined when it must go to the renderer instead. */
  async serve(key: string): Promise<ServedPage | undefined> {
    if (this.options.ttlMs <= 0 || !(await this.dependenciesUp())) return undefined;
    let entry = this.entries.get(key);
    let hit = true;
    if (!entry || this.now() - entry.storedAt >= this.options.ttlMs) [entry, hit] = [await this.fill(key), false];
    return entry && this.personalise(entry, hit);
  }

  /** Something answered as if a dependency were down: look again before serving anything more from the cache. */
  recheck(): void {
    if (this.checked) this.checked = { ...this.checked, at: -Infinity };
  }

  private async dependenciesUp(): Promise<boolean> {
    if (this.checked && this.now() - this.checked.at < this.options.checkEveryMs) return this.checked.ok;
    this.checking ??= this.options
      .fingerprint()
      .then(
        (fingerprint) => {
          if (fingerprint !== this.checked?.fingerprint) this.entries.clear();
          this.checked = { at: this.now(), ok: true, fingerprint };
          return true;
        },
        () => {
          this.entries.clear();
          this.checked = { at: this.now(), ok: false };
          return false;
        },
      )
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** One render per key at a time; only a complete 200 HTML page is kept. */
  private fill(key: string): Promise<Entry | undefined> {
    let filling = this.filling.get(key);
    if (!filling) {
      const fingerprint = this.checked?.fingerprint;
      filling = this.options
        .render(key)
        .then((page) => {
          const type = page.headers.find(([k]) => k === "content-type")?.[1] ?? "";
          if (page.status !== 200 || !type.startsWith("text/html")) return undefined;
          const policy = page.headers.find(([k]) => k === "content-security-policy")?.[1] ?? "";
          const headers = page.headers.filter(([k]) => !HEADERS_NOT_KEPT.has(k));
          const nonce = policy.match(NONCE_IN_POLICY)?.[1];
          const entry: Entry = { status: page.status, headers, storedAt: this.now(), nonce, ...cutPage(page.body, nonce, page.body.match(STAMP_FIELD)?.[1]) };
          // A page rendered from data that changed meanwhile is served once, not kept.
          if (fingerprint === this.checked?.fingerprint) {
            if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
            this.entries.set(key, entry);
          }
          return entry;
        }, () => undefined)
        .finally(() => this.filling.delete(key));
      this.filling.set(key, filling);
    }
    return filling;
  }

  /** `x-page-cache` says whether the page was rendered for this answer (miss) or before it (hit). */
  private personalise(entry: Entry, hit: boolean): ServedPage {
    let headers = entry.headers;
    const fresh = { stamp: undefined as Buffer | undefined, nonce: undefined as Buffer | undefined };
    if (entry.slots.includes("stamp")) fresh.stamp = Buffer.from(this.options.newStamp(), "utf8");
    if (entry.nonce) {
      const nonce = this.options.newNonce();
      fresh.nonce = Buffer.from(nonce, "utf8");
      headers = headers.map(([k, v]) => [k, k === "content-security-policy" ? v.replaceAll(entry.nonce!, nonce) : v]);
    }
    const chunks: Buffer[] = [entry.parts[0]!];
    for (let i = 0; i < entry.slots.length; i++) chunks.push(fresh[entry.slots[i]!]!, entry.parts[i + 1]!);
    return { status: entry.status, headers: [...headers, ["x-page-cache", hit ? "hit" : "miss"]], body: Buffer.concat(chunks) };
  }
}
