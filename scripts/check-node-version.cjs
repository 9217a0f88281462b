// Stops with a clear message when this Node is older than package.json's `engines.node`, before `npm ci` starts
// (npm itself only warns, and the failures come later and read like bugs). Plain CommonJS with no dependencies, so
// that it runs on the old Node it is meant to catch. Usage: node scripts/check-node-version.cjs [VERSION]
"use strict";
const path = require("path");
const range = require(path.join(__dirname, "..", "package.json")).engines.node;
const version = (process.argv[2] || process.versions.node).replace(/^v/, "");

function parts(v) {
  const p = v.split(".").map((n) => parseInt(n, 10) || 0);
  return [p[0] || 0, p[1] || 0, p[2] || 0];
}
function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
// Comparators (>=, >, <=, <, =) joined by spaces, alternatives by ||: the forms an engines range uses here.
function satisfies(v, r) {
  return r.split("||").some((alternative) =>
    alternative.trim().split(/\s+/).filter(Boolean).every((comparator) => {
      const m = /^(>=|<=|>|<|=)?v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
      if (!m) throw new Error(`package.json engines.node: cannot read "${comparator}"`);
      const c = compare(parts(v), parts(m[2]));
      return { ">=": c >= 0, "<=": c <= 0, ">": c > 0, "<": c < 0, "=": c === 0 }[m[1] || "="];
    }),
  );
}

if (!satisfies(version, range)) {
  console.error(`paperboy: this is Node ${version}, and Paperboy needs Node ${range} (package.json "engines").`);
  console.error("paperboy: install a newer Node (e.g. Node 20 LTS), then run the same npm command again.");
  process.exit(1);
}
