// The lint rules of eslint.config.js over the code that runs in long-lived processes: no promise is left floating
// (an unhandled rejection ends a worker), and no promise is passed where a callback's result is ignored.
import path from "node:path";
import { ESLint } from "eslint";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

it("lib/, workers/ and scripts/ have no floating or misused promises", async () => {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(["lib", "workers", "scripts"]);
  const findings = results.flatMap((r) =>
    r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? "parse"} ${m.message}`),
  );
  expect(results.length).toBeGreaterThan(50); // the globs found the code
  expect(findings).toEqual([]);
}, 180_000);
