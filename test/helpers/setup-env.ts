// vitest setup: fill in the test environment where the runner (scripts/run-tests.ts) did not already.
import { testEnvironment } from "@/scripts/test-environment";

for (const [key, value] of Object.entries(testEnvironment())) process.env[key] ??= value;
