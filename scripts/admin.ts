// `npm run admin -- --email X`: prints a one-time sign-in link to the console for an address in ADMIN_EMAILS, for
// the first sign-in (before mail is set up) or when mail does not arrive.
import "dotenv/config";
import { db, disconnectDb } from "@/lib/db";
import { parseCommandLine, usageError } from "@/lib/cli/command-line";
import { createSignInLinkForCommandLine } from "@/lib/admin/sign-in";

const USAGE = `usage: npm run admin -- --email ADDRESS

Prints a sign-in link to the operator console (/admin) for ADDRESS, which must be listed in ADMIN_EMAILS. The link
works once, for 15 minutes. The printing is recorded in the console's audit log.

  --email A  the operator's address
  --help     this text

Exit codes: 0 printed, 1 refused (not an operator address), 2 bad arguments.`;

const SPEC = { name: "admin", usage: USAGE, options: { email: { type: "string" } } } as const;

async function main(): Promise<number> {
  const { values } = parseCommandLine(SPEC);
  if (!values.email) usageError(SPEC, "--email is required");
  const result = await createSignInLinkForCommandLine(db(), values.email);
  if (!result.ok) {
    console.error(`admin: ${result.message}`);
    return 1;
  }
  console.log(result.link);
  return 0;
}

main().then(
  async (code) => {
    await disconnectDb();
    process.exit(code);
  },
  async (err: unknown) => {
    console.error(`admin: ${(err as Error).message}`);
    await disconnectDb();
    process.exit(1);
  },
);
