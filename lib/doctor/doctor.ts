// `npm run doctor`: checks what decides whether mail from this installation is delivered and its bounces come
// back: SPF, DKIM and DMARC of the From and bounce domains, that the published DKIM key is the one signing, the
// bounce domain's MX and the bounce listener, and https on the List-Unsubscribe links. Each finding says what to fix.
// DNS goes through Node's resolver, pointed at a chosen server when asked (a local one in the tests).
import { createPublicKey } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { createConnection } from "node:net";

export type Level = "ok" | "warn" | "error" | "info";

export interface Finding {
  level: Level;
  check: string;
  message: string;
  fix?: string;
}

export interface DoctorInput {
  fromDomain: string;
  bounceDomain: string | null;
  dkim: { domain: string; selector: string; privateKey: string } | null;
  appUrl: string;
  /** Where the bounce listener should answer, when it is configured. */
  listener: { host: string; port: number } | null;
}

export interface Dns {
  txt(name: string): Promise<string[] | null>;
  mx(name: string): Promise<{ exchange: string; priority: number }[] | null>;
}

export class DnsLookupError extends Error {}

const MISSING = new Set(["ENOTFOUND", "ENODATA", "NOTFOUND", "NODATA"]);

/** Node's resolver (the system's servers, or `server` as "ip" or "ip:port"); null = no such record. */
export function nodeDns(server?: string): Dns {
  const r = new Resolver({ timeout: 3000, tries: 2 });
  if (server) r.setServers([server]);
  const wrap = async <T>(name: string, look: () => Promise<T>): Promise<T | null> => {
    try {
      return await look();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (MISSING.has(code)) return null;
      throw new DnsLookupError(`${name}: ${code || (err as Error).message}`);
    }
  };
  return {
    txt: (name) => wrap(name, async () => (await r.resolveTxt(name)).map((chunks) => chunks.join(""))),
    mx: (name) => wrap(name, () => r.resolveMx(name)),
  };
}

async function lookup<T>(f: Finding[], check: string, look: () => Promise<T>): Promise<T | undefined> {
  try {
    return await look();
  } catch (err) {
    f.push({ level: "error", check, message: `DNS lookup failed (${(err as Error).message})`, fix: "check the DNS server (--dns-server) and that the domain's name servers answer" });
    return undefined;
  }
}

/** Relaxed DMARC alignment, approximated: one domain is the other or a subdomain of it. */
function aligned(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

async function checkSpf(f: Finding[], dns: Dns, domain: string, role: string): Promise<void> {
  const check = `SPF ${domain} (${role})`;
  const txt = await lookup(f, check, () => dns.txt(domain));
  if (txt === undefined) return;
  const spf = (txt ?? []).filter((t) => /^v=spf1(\s|$)/i.test(t.trim()));
  const example = `"v=spf1 include:<your relay's SPF domain> -all"`;
  if (spf.length === 0) {
    f.push({ level: "error", check, message: "no SPF record", fix: `publish a TXT record on ${domain}: ${example}` });
  } else if (spf.length > 1) {
    f.push({ level: "error", check, message: `${spf.length} SPF records (receivers treat that as an error)`, fix: "merge them into one TXT record starting with v=spf1" });
  } else {
    const record = spf[0]!.trim();
    const all = /\s([+?~-]?)all\s*$/i.exec(record);
    if (!all) f.push({ level: "warn", check, message: `"${record}" ends without an "all" term`, fix: `end it with -all (or ~all), e.g. ${example}` });
    else if (all[1] === "+" || all[1] === "") f.push({ level: "error", check, message: `"${record}" lets any server send as ${domain} (+all)`, fix: `end it with -all, e.g. ${example}` });
    else if (all[1] === "?") f.push({ level: "warn", check, message: `"${record}" is neutral (?all): it protects nothing`, fix: "end it with -all (or ~all)" });
    else f.push({ level: "ok", check, message: record });
  }
}

async function checkDmarc(f: Finding[], dns: Dns, domain: string): Promise<void> {
  const check = `DMARC _dmarc.${domain}`;
  const txt = await lookup(f, check, () => dns.txt(`_dmarc.${domain}`));
  if (txt === undefined) return;
  const records = (txt ?? []).filter((t) => /^v=DMARC1\s*(;|$)/i.test(t.trim()));
  const example = `"v=DMARC1; p=none; rua=mailto:dmarc@${domain}"`;
  if (records.length !== 1) {
    f.push({
      level: "error",
      check,
      message: records.length === 0 ? "no DMARC record (Gmail and Yahoo require one of bulk senders)" : `${records.length} DMARC records`,
      fix: `publish one TXT record on _dmarc.${domain}: ${example}, and p=quarantine once reports show your mail aligned`,
    });
    return;
  }
  const record = records[0]!.trim();
  const p = /(?:^|;)\s*p\s*=\s*([a-z]+)/i.exec(record)?.[1]?.toLowerCase();
  if (!p || !["none", "quarantine", "reject"].includes(p)) f.push({ level: "error", check, message: `"${record}" has no valid p= policy`, fix: `e.g. ${example}` });
  else if (p === "none") f.push({ level: "warn", check, message: `"${record}": monitoring only (p=none)`, fix: "move to p=quarantine (then reject) once the aggregate reports show your mail passing" });
  else f.push({ level: "ok", check, message: record });
}

/** The public key of a PEM private key, as the p= of a DKIM record (base64 of the DER SubjectPublicKeyInfo). */
export function dkimPublicKey(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem.replace(/\\n/g, "\n")).export({ type: "spki", format: "der" }).toString("base64");
}

async function checkDkim(f: Finding[], dns: Dns, input: DoctorInput): Promise<void> {
  if (!input.dkim) {
    f.push({ level: "info", check: "DKIM", message: "DKIM signing is off here (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY unset)", fix: `make sure your relay signs with d=${input.fromDomain}, or configure DKIM here` });
    return;
  }
  const { domain, selector } = input.dkim;
  const name = `${selector}._domainkey.${domain}`;
  const check = `DKIM ${name}`;
  let expected: string;
  try {
    expected = dkimPublicKey(input.dkim.privateKey);
  } catch (err) {
    f.push({ level: "error", check, message: `DKIM_PRIVATE_KEY cannot be read (${(err as Error).message})`, fix: "set DKIM_PRIVATE_KEY to the PEM private key (newlines as \\n)" });
    return;
  }
  const wanted = `"v=DKIM1; k=rsa; p=${expected}"`;
  const txt = await lookup(f, check, () => dns.txt(name));
  if (txt === undefined) return;
  const records = (txt ?? []).filter((t) => /(^|;)\s*p\s*=/i.test(t));
  if (records.length === 0) {
    f.push({ level: "error", check, message: "no DKIM key published: receivers cannot verify the signature", fix: `publish a TXT record on ${name}: ${wanted}` });
  } else {
    const published = /(?:^|;)\s*p\s*=\s*([^;]*)/i.exec(records[0]!)?.[1]?.replace(/\s+/g, "") ?? "";
    if (!published) f.push({ level: "error", check, message: "the published key is empty (revoked)", fix: `publish ${wanted}` });
    else if (published !== expected) f.push({ level: "error", check, message: "the published key does not match DKIM_PRIVATE_KEY: every signature fails", fix: `publish ${wanted}, or set the private key that belongs to the published one` });
    else f.push({ level: "ok", check, message: "the published key matches DKIM_PRIVATE_KEY" });
  }
  if (!aligned(domain, input.fromDomain)) {
    f.push({ level: "warn", check: "DKIM alignment", message: `DKIM_DOMAIN ${domain} is not the From domain ${input.fromDomain} or its parent or child: DMARC does not count this signature`, fix: `sign with d=${input.fromDomain}` });
  }
}

async function checkBounceDomain(f: Finding[], dns: Dns, input: DoctorInput): Promise<void> {
  const b = input.bounceDomain;
  if (!b) {
    f.push({ level: "warn", check: "bounce domain", message: "BOUNCE_DOMAIN is unset: bounces reported later go to the From address and are not read", fix: "set BOUNCE_DOMAIN (e.g. bounces." + input.fromDomain + ") and run the bounce listener or a bounce mailbox" });
    return;
  }
  if (!aligned(b, input.fromDomain)) {
    f.push({ level: "warn", check: "SPF alignment", message: `the bounce domain ${b} is not under the From domain ${input.fromDomain}: DMARC does not count SPF`, fix: `use a bounce domain under ${input.fromDomain}, e.g. bounces.${input.fromDomain}` });
  }
  const check = `MX ${b}`;
  const mx = await lookup(f, check, () => dns.mx(b));
  if (mx === undefined) return;
  if (!mx || mx.length === 0) f.push({ level: "error", check, message: "no MX record: bounce mail to the bounce addresses cannot be delivered", fix: `publish an MX record on ${b} pointing at the host that runs the bounce listener (BOUNCE_SMTP_PORT, port 25)` });
  else f.push({ level: "ok", check, message: mx.sort((x, y) => x.priority - y.priority).map((m) => `${m.priority} ${m.exchange}`).join(", ") });
}

/** Connects and waits for the SMTP greeting. */
export function smtpGreeting(host: string, port: number, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let data = "";
    const done = (err: Error | null) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(data.split("\r\n")[0]!);
    };
    socket.setTimeout(timeoutMs, () => done(new Error("no greeting")));
    socket.on("data", (c: Buffer) => {
      data += c.toString("latin1");
      if (data.includes("\r\n")) done(null);
    });
    socket.on("error", (err) => done(err));
  });
}

async function checkListener(f: Finding[], input: DoctorInput): Promise<void> {
  if (!input.listener) {
    if (input.bounceDomain) f.push({ level: "info", check: "bounce listener", message: "BOUNCE_SMTP_PORT is unset: bounces must reach a bounce mailbox (BOUNCE_IMAP_URL) or a webhook" });
    return;
  }
  const { host, port } = input.listener;
  const check = `bounce listener ${host}:${port}`;
  try {
    const greeting = await smtpGreeting(host, port);
    if (greeting.startsWith("220")) f.push({ level: "ok", check, message: greeting });
    else f.push({ level: "error", check, message: `answered "${greeting}" instead of a 220 greeting`, fix: "make sure `npm run worker` (WORKERS including bounces) listens there" });
  } catch (err) {
    f.push({ level: "error", check, message: `not reachable (${(err as Error).message})`, fix: "start `npm run worker` with BOUNCE_SMTP_PORT set, and open the port to the internet (the MX of the bounce domain points here)" });
  }
}

function checkUnsubscribeUrls(f: Finding[], appUrl: string): void {
  const check = "List-Unsubscribe URLs";
  if (appUrl.startsWith("https://")) f.push({ level: "ok", check, message: `${appUrl}/unsubscribe/... (https)` });
  else f.push({ level: "error", check, message: `they start with ${appUrl}: mailbox providers want https for one-click unsubscribe`, fix: "set APP_URL to the https address the reverse proxy serves" });
}

export async function runDoctor(input: DoctorInput, dns: Dns): Promise<Finding[]> {
  const f: Finding[] = [];
  checkUnsubscribeUrls(f, input.appUrl);
  await checkSpf(f, dns, input.fromDomain, "From domain");
  if (input.bounceDomain && input.bounceDomain !== input.fromDomain) await checkSpf(f, dns, input.bounceDomain, "bounce domain, checked against the envelope sender");
  await checkDkim(f, dns, input);
  await checkDmarc(f, dns, input.fromDomain);
  await checkBounceDomain(f, dns, input);
  await checkListener(f, input);
  return f;
}

const MARK: Record<Level, string> = { ok: "ok   ", warn: "WARN ", error: "ERROR", info: "info " };

export function formatFindings(findings: Finding[]): string {
  const lines = findings.flatMap((x) => [`${MARK[x.level]} ${x.check}: ${x.message}`, ...(x.fix ? [`      fix: ${x.fix}`] : [])]);
  const errors = findings.filter((x) => x.level === "error").length;
  const warnings = findings.filter((x) => x.level === "warn").length;
  lines.push("", errors || warnings ? `${errors} error(s), ${warnings} warning(s)` : "everything checked is in order");
  return lines.join("\n");
}
