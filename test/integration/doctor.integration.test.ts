// `npm run doctor` as a real process against a local DNS server (dns2) serving good records, then bad ones, and a
// real bounce listener (or a closed port).
import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo } from "node:net";
import dns2 from "dns2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTsChild } from "../helpers/child-process";
import { startBounceListener, type BounceListener } from "@/lib/bounces/bounce-listener";
import { dkimPublicKey } from "@/lib/doctor/doctor";

const { Packet } = dns2;
type Rr = { type: "TXT"; data: string[] } | { type: "MX"; exchange: string; priority: number };
let zone = new Map<string, Rr[]>();
let dnsPort = 0;
let server: ReturnType<typeof dns2.createServer>;
let listener: BounceListener;

const pem = (k: string) => k.replace(/\n/g, "\\n");
const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
/** A long TXT record as DNS carries it: strings of at most 255 characters. */
const chunks = (s: string) => s.match(/.{1,255}/g)!;

function goodZone(): Map<string, Rr[]> {
  return new Map<string, Rr[]>([
    ["paperboy.example", [{ type: "TXT", data: ["v=spf1 ip4:192.0.2.10 -all"] }, { type: "TXT", data: ["google-site-verification=abc"] }]],
    ["bounces.paperboy.example", [{ type: "TXT", data: ["v=spf1 ip4:192.0.2.10 -all"] }, { type: "MX", exchange: "mx.paperboy.example", priority: 10 }]],
    ["pb._domainkey.paperboy.example", [{ type: "TXT", data: chunks(`v=DKIM1; k=rsa; p=${dkimPublicKey(signingKey)}`) }]],
    ["_dmarc.paperboy.example", [{ type: "TXT", data: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@paperboy.example"] }]],
  ]);
}

function badZone(): Map<string, Rr[]> {
  return new Map<string, Rr[]>([
    ["paperboy.example", [{ type: "TXT", data: ["v=spf1 ip4:192.0.2.10 -all"] }, { type: "TXT", data: ["v=spf1 include:relay.example +all"] }]],
    ["bounces.paperboy.example", [{ type: "TXT", data: ["unrelated"] }]],
    ["pb._domainkey.paperboy.example", [{ type: "TXT", data: chunks(`v=DKIM1; k=rsa; p=${dkimPublicKey(otherKey)}`) }]],
    ["_dmarc.paperboy.example", [{ type: "TXT", data: ["v=DMARC1; p=none"] }]],
  ]);
}

async function doctor(env: Record<string, string>) {
  const child = await startTsChild(
    "scripts/doctor.ts",
    {
      MAIL_FROM: "Paperboy <digest@paperboy.example>",
      APP_URL: "https://papers.paperboy.example",
      BOUNCE_DOMAIN: "bounces.paperboy.example",
      DKIM_DOMAIN: "paperboy.example",
      DKIM_SELECTOR: "pb",
      DKIM_PRIVATE_KEY: pem(signingKey),
      BOUNCE_SMTP_HOST: "127.0.0.1",
      BOUNCE_SMTP_PORT: String(listener.port),
      LOG_LEVEL: "silent",
      ...env,
    },
    { args: ["--dns-server", `127.0.0.1:${dnsPort}`], ready: "" },
  );
  return { code: await child.exited(), out: child.output() };
}

beforeAll(async () => {
  server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      // dns2's types lag its runtime (RCODE, plain record objects): the packet is written as the runtime takes it.
      const answers = response.answers as unknown as object[];
      const [q] = request.questions;
      const records = zone.get(q!.name.toLowerCase());
      if (!records) response.header.rcode = (Packet as unknown as { RCODE: { NXDOMAIN: number } }).RCODE.NXDOMAIN;
      for (const rr of records ?? []) {
        if (rr.type === "TXT" && q!.type === Packet.TYPE.TXT) answers.push({ name: q!.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data: rr.data });
        if (rr.type === "MX" && q!.type === Packet.TYPE.MX) answers.push({ name: q!.name, type: Packet.TYPE.MX, class: Packet.CLASS.IN, ttl: 60, exchange: rr.exchange, priority: rr.priority });
      }
      send(response);
    },
  });
  const listening = new Promise<void>((resolve) => server.on("listening", () => resolve()));
  await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  await listening;
  dnsPort = (server.addresses().udp as AddressInfo).port;
  listener = await startBounceListener({
    port: 0,
    host: "127.0.0.1",
    verp: { localPart: "bounces", domain: "bounces.paperboy.example" },
    maxMessageBytes: 100_000,
    admit: async () => true,
    onMessage: async () => undefined,
  });
});

afterAll(async () => {
  await listener?.close();
  await server?.close();
});

describe("npm run doctor", { timeout: 120_000 }, () => {
  it("finds everything in order with good records and a listening bounce listener", async () => {
    zone = goodZone();
    const r = await doctor({});
    expect(r.out).toContain("ok    SPF paperboy.example (From domain): v=spf1 ip4:192.0.2.10 -all");
    expect(r.out).toContain("ok    DKIM pb._domainkey.paperboy.example: the published key matches DKIM_PRIVATE_KEY");
    expect(r.out).toContain("ok    DMARC _dmarc.paperboy.example: v=DMARC1; p=quarantine");
    expect(r.out).toContain("ok    MX bounces.paperboy.example: 10 mx.paperboy.example");
    expect(r.out).toMatch(/ok {4}bounce listener 127\.0\.0\.1:\d+: 220 /);
    expect(r.out).toContain("ok    List-Unsubscribe URLs");
    expect(r.out).toContain("everything checked is in order");
    expect(r.out).not.toMatch(/ERROR|WARN/);
    expect(r.code).toBe(0);
  });

  it("reports each bad record with what to fix, and exits 1", async () => {
    zone = badZone();
    const closed = await startBounceListener({ port: 0, host: "127.0.0.1", verp: { localPart: "b", domain: "x.example" }, maxMessageBytes: 10_000, admit: async () => true, onMessage: async () => undefined });
    const closedPort = closed.port;
    await closed.close();
    const r = await doctor({ APP_URL: "http://papers.paperboy.example", BOUNCE_SMTP_PORT: String(closedPort) });
    expect(r.out).toContain("ERROR SPF paperboy.example (From domain): 2 SPF records");
    expect(r.out).toContain("ERROR SPF bounces.paperboy.example (bounce domain, checked against the envelope sender): no SPF record");
    expect(r.out).toContain("fix: publish a TXT record on bounces.paperboy.example");
    expect(r.out).toContain("ERROR DKIM pb._domainkey.paperboy.example: the published key does not match DKIM_PRIVATE_KEY");
    expect(r.out).toContain(`v=DKIM1; k=rsa; p=${dkimPublicKey(signingKey)}`);
    expect(r.out).toContain("WARN  DMARC _dmarc.paperboy.example: \"v=DMARC1; p=none\": monitoring only");
    expect(r.out).toContain("ERROR MX bounces.paperboy.example: no MX record");
    expect(r.out).toMatch(/ERROR bounce listener 127\.0\.0\.1:\d+: not reachable/);
    expect(r.out).toContain("ERROR List-Unsubscribe URLs: they start with http://papers.paperboy.example");
    expect(r.code).toBe(1);

    // Nothing published at all for the From domain.
    zone = new Map();
    const none = await doctor({});
    expect(none.out).toContain("ERROR SPF paperboy.example (From domain): no SPF record");
    expect(none.out).toContain("ERROR DMARC _dmarc.paperboy.example: no DMARC record");
    expect(none.out).toContain("ERROR DKIM pb._domainkey.paperboy.example: no DKIM key published");
    expect(none.code).toBe(1);
  });

  it("warns of a single +all SPF record and a DKIM domain that does not align", async () => {
    zone = goodZone();
    zone.set("paperboy.example", [{ type: "TXT", data: ["v=spf1 +all"] }]);
    zone.set("pb._domainkey.other.example", zone.get("pb._domainkey.paperboy.example")!);
    const r = await doctor({ DKIM_DOMAIN: "other.example" });
    expect(r.out).toContain("ERROR SPF paperboy.example (From domain): \"v=spf1 +all\" lets any server send as paperboy.example");
    expect(r.out).toContain("WARN  DKIM alignment: DKIM_DOMAIN other.example is not the From domain paperboy.example");
    expect(r.code).toBe(1);
  });

  it("refuses a malformed --dns-server", async () => {
    const child = await startTsChild("scripts/doctor.ts", { LOG_LEVEL: "silent" }, { args: ["--dns-server", "dns.example"], ready: "" });
    expect(await child.exited()).toBe(2);
    expect(child.output()).toContain('--dns-server "dns.example" must be an IP address');
  });
});
