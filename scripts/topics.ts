// `npm run topics -- <command>`: topics are data; edit them here (or in the Topic table) without a deploy.
//   list                                              topics with keywords and paper counts
//   add --slug S --name N --keywords "a,b" [--categories cs.LG,stat.ML] [--description D]
//   set --slug S [--keywords "a,b"] [--add "c"] [--remove "d"] [--categories ...] [--active true|false]
//   retag                                             re-tag every paper (after editing the table directly)
// Every edit re-tags existing papers at once. `npm run topics:retag` = `npm run topics -- retag`.
import "dotenv/config";
import { db, disconnectDb } from "@/lib/db";
import { InputError } from "@/lib/errors";
import { addTopic, editTopic, listTopics } from "@/lib/topics/manage-topics";
import { retagAllPapers, type RetagResult } from "@/lib/topics/retag";
import { printHelpIfAsked } from "@/lib/cli/command-line";

printHelpIfAsked(`usage: npm run topics -- list | add ... | set ... | retag

Topics are data: edit them here (or in the Topic table) without a deploy.
  list                                              topics with keywords and paper counts
  add --slug S --name N --keywords "a,b" [--categories cs.LG,stat.ML] [--description D]
  set --slug S [--keywords "a,b"] [--add "c"] [--remove "d"] [--categories ...] [--active true|false]
  retag                                             re-tag every paper (after editing the table directly)
Every edit re-tags existing papers at once. \`npm run topics:retag\` = \`npm run topics -- retag\`.`);

const [command, ...rest] = process.argv.slice(2);
const opts: Record<string, string> = {};
for (let i = 0; i < rest.length; i++) {
  const a = rest[i]!;
  if (!a.startsWith("--")) throw new InputError(`unexpected argument ${a}`);
  const eq = a.indexOf("=");
  if (eq > 0) opts[a.slice(2, eq)] = a.slice(eq + 1);
  else opts[a.slice(2)] = rest[++i] ?? "";
}
const list = (v: string | undefined) => (v === undefined ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean));
const report = (r: RetagResult) =>
  console.log(`re-tagged ${r.papers} papers against ${r.topics} topics: ${r.added} added, ${r.removed} removed, ${r.changed} changed`);

async function main(): Promise<void> {
  const d = db();
  switch (command) {
    case "list":
      for (const t of await listTopics(d)) {
        console.log(`${t.slug}${t.active ? "" : " (inactive)"}: ${t.name}, ${t.papers} papers`);
        console.log(`    keywords: ${t.keywords.join(", ")}${t.arxivCategories.length ? `\n    arXiv: ${t.arxivCategories.join(", ")}` : ""}`);
      }
      return;
    case "add":
      return report(await addTopic(d, { slug: opts.slug ?? "", name: opts.name ?? "", description: opts.description, keywords: list(opts.keywords) ?? [], arxivCategories: list(opts.categories) }));
    case "set":
      return report(await editTopic(d, opts.slug ?? "", {
        keywords: list(opts.keywords), addKeywords: list(opts.add), removeKeywords: list(opts.remove), arxivCategories: list(opts.categories),
        active: opts.active === undefined ? undefined : opts.active === "true", name: opts.name,
      }));
    case "retag":
      return report(await retagAllPapers(d, { onPage: (n) => console.log(`  ${n} papers done`) }));
    default:
      throw new InputError("usage: npm run topics -- list | add --slug S --name N --keywords a,b | set --slug S [--keywords|--add|--remove ...] | retag");
  }
}

main()
  .then(() => disconnectDb())
  .catch(async (err: unknown) => {
    console.error(`topics: ${err instanceof Error ? err.message : String(err)}`);
    await disconnectDb();
    process.exit(1);
  });
