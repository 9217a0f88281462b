// Flags of the operator commands, parsed one way: every command answers --help on stdout with exit 0, and a flag
// that is unknown, misspelt or malformed stops it with the reason and exit 2 before anything is touched.
import { parseArgs, type ParseArgsConfig } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import { isEditionDate } from "@/lib/digest/edition-date";

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The name in messages, e.g. "digest". */
  name: string;
  /** The help text; its first line is "usage: npm run ...". */
  usage: string;
  options: O;
  positionals?: boolean;
}

export function wantsHelp(argv: string[] = process.argv.slice(2)): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** For commands that read their own arguments: print the help and exit 0 when it is asked for. */
export function printHelpIfAsked(usage: string, argv: string[] = process.argv.slice(2)): void {
  if (!wantsHelp(argv)) return;
  console.log(usage);
  process.exit(0);
}

export function usageError(spec: { name: string; usage: string }, message: string): never {
  console.error(`${spec.name}: ${message}`);
  console.error(spec.usage.split("\n")[0]);
  console.error(`(npm run ${spec.name} -- --help for more)`);
  process.exit(2);
}

export function parseCommandLine<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>, argv: string[] = process.argv.slice(2)) {
  printHelpIfAsked(spec.usage, argv);
  try {
    return parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: spec.positionals ?? false });
  } catch (err) {
    // Node's messages go on to explain `--` for positionals; the first sentence is the useful part.
    return usageError(spec, (err as Error).message.split(". ")[0]!.replace(/^Unknown option/, "unknown option"));
  }
}

/** A calendar date given as --date: missing and malformed are told apart ("2025-02-30", "tomorrow"). */
export function editionDateOption(spec: { name: string; usage: string }, value: string | undefined, required: true): string;
export function editionDateOption(spec: { name: string; usage: string }, value: string | undefined, required: false): string | undefined;
export function editionDateOption(spec: { name: string; usage: string }, value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) return required ? usageError(spec, "--date YYYY-MM-DD is required") : undefined;
  if (!isEditionDate(value)) return usageError(spec, `invalid date "${value}": --date takes a calendar date as YYYY-MM-DD, e.g. 2025-03-14`);
  return value;
}
