// Logs are JSON for machines and readable lines for a person at a terminal (LOG_FORMAT=auto), in a real child
// process whose stdout is a pipe or, through script(1), a pseudo-terminal.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const entry = path.join(mkdtempSync(path.join(os.tmpdir(), "paperboy-logger-")), "log-once.ts");
writeFileSync(
  entry,
  `import { logger } from ${JSON.stringify(path.join(root, "lib/logger.ts"))};\n` +
    `logger().child({ component: "workers" }).info({ worker: "digest", email: "ada@example.org" }, "worker started");\n`,
);

function logOnce(format: string, terminal: boolean): string {
  const env = { ...process.env, LOG_FORMAT: format, LOG_LEVEL: "info" };
  const command = `${process.execPath} --import tsx ${entry}`;
  const r = terminal
    ? spawnSync("script", ["-qec", command, "/dev/null"], { cwd: root, env, encoding: "utf8" })
    : spawnSync(process.execPath, ["--import", "tsx", entry], { cwd: root, env, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\x1b\[[0-9;]*m/g, "").trim();
}

describe("logger", { timeout: 90_000 }, () => {
  it("auto: readable lines in a terminal, without the address", () => {
    const line = logOnce("auto", true);
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: worker started \{"component":"workers","worker":"digest","email":"\[redacted\]"\}$/);
  });

  it("auto: one JSON object a line when stdout is a pipe", () => {
    const entryJson = JSON.parse(logOnce("auto", false));
    expect(entryJson).toMatchObject({ level: 30, msg: "worker started", component: "workers", email: "[redacted]" });
  });

  it("json in a terminal, and pretty into a pipe, when asked", () => {
    expect(JSON.parse(logOnce("json", true))).toMatchObject({ msg: "worker started" });
    expect(logOnce("pretty", false)).toMatch(/INFO: worker started/);
  });
});
