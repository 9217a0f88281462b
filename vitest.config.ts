import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  // React Email templates are .tsx with the automatic runtime.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Integration tests share one PostgreSQL database and one Redis prefix per run: run files one at a time.
    fileParallelism: false,
    // A backstop above the deadlines of the waits inside the tests (test/README.md), which name what they awaited:
    // on a busy machine a test that waits for a worker or a child process can take much longer than on an idle one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ["test/helpers/setup-env.ts"],
  },
});
