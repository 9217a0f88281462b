// scripts/check-node-version.cjs runs before `npm ci`: an older Node than package.json's engines range is refused
// with a message that says what to do.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const script = path.resolve(import.meta.dirname, "../../../scripts/check-node-version.cjs");
const check = (version: string) => spawnSync(process.execPath, [script, version], { encoding: "utf8" });

describe("check-node-version", () => {
  it("refuses a Node older than the engines range, naming both", () => {
    for (const old of ["18.19.0", "v20.8.1", "16.0.0"]) {
      const r = check(old);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`this is Node ${old.replace(/^v/, "")}, and Paperboy needs Node >=20.9`);
      expect(r.stderr).toContain("install a newer Node");
    }
  });

  it("accepts the range's own lower bound and newer releases", () => {
    for (const ok of ["20.9.0", "20.20.2", "22.12.0", "v24.1.0"]) expect(check(ok).status).toBe(0);
  });

  it("checks the Node it runs on when given no version", () => {
    expect(spawnSync(process.execPath, [script]).status).toBe(0);
  });
});
