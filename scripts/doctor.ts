// `npm run doctor`: checks SPF, DKIM, DMARC, the bounce domain and listener, and the unsubscribe links; see USAGE.
import "dotenv/config";
import { env } from "@/lib/env";
import { envelopeAddress } from "@/lib/mail/envelope-address";
import { parseCommandLine, usageError } from "@/lib/cli/command-line";
import { formatFindings, nodeDns, runDoctor } from "@/lib/doctor/doctor";

const USAGE = `usage: npm run doctor [-- [--dns-server IP[:PORT]] [--listener HOST:PORT]]

Checks what decides whether your mail is delivered and its bounces come back: the SPF, DKIM and DMARC records of the
From domain (MAIL_FROM) and the bounce domain (BOUNCE_DOMAIN), that the published DKIM key matches DKIM_PRIVATE_KEY,
the bounce domain's MX, that the bounce listener answers, and that List-Unsubscribe links are https. Each finding
says what to fix.

  --dns-server IP[:PORT]  ask this DNS server instead of the system's
  --listener HOST:PORT    where the bounce listener should answer (default: BOUNCE_SMTP_HOST:BOUNCE_SMTP_PORT, when set)
  --help                  this text

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad arguments.`;

const SPEC = { name: "doctor", usage: USAGE, options: { "dns-server": { type: "string" }, listener: { type: "string" } } } as const;

function hostPort(value: string, what: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) > 65535) return usageError(SPEC, `${what} "${value}" must be HOST:PORT`);
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(SPEC);
  const dnsServer = values["dns-server"];
  if (dnsServer !== undefined && !/^[0-9a-f.:[\]]+$/i.test(dnsServer)) usageError(SPEC, `--dns-server "${dnsServer}" must be an IP address, optionally with :PORT`);
  const e = env();
  const fromDomain = envelopeAddress(e.MAIL_FROM).split("@")[1]?.toLowerCase();
  if (!fromDomain) usageError(SPEC, `MAIL_FROM "${e.MAIL_FROM}" has no domain`);
  const listener = values.listener
    ? hostPort(values.listener, "--listener")
    : e.BOUNCE_SMTP_PORT !== undefined
      ? { host: e.BOUNCE_SMTP_HOST === "0.0.0.0" ? "127.0.0.1" : e.BOUNCE_SMTP_HOST, port: e.BOUNCE_SMTP_PORT }
      : null;
  const findings = await runDoctor(
    {
      fromDomain,
      bounceDomain: e.BOUNCE_DOMAIN ?? null,
      dkim: e.DKIM_DOMAIN && e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY ? { domain: e.DKIM_DOMAIN, selector: e.DKIM_SELECTOR, privateKey: e.DKIM_PRIVATE_KEY } : null,
      appUrl: e.APP_URL,
      listener,
    },
    nodeDns(dnsServer),
  );
  console.log(formatFindings(findings));
  return findings.some((f) => f.level === "error") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
