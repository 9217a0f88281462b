// Starts the BUILT web app (`npm start`: scripts/start-web.ts) and the transactional worker as detached processes for
// the browser tests, and stops them by process group.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { testEnvironment } from "./test-environment";

const root = path.resolve(import.meta.dirname, "../..");

export interface Started {
  stop(): Promise<void>;
  output(): string;
}

function startDetached(cmd: string, args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => void (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => void (out += d.toString()));
  return { child, output: () => out };
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

/** The environment the app and worker run with: the test environment, mail to the sink, a real minimum fill time. */
export function appEnvironment(smtpUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...testEnvironment(), ...pick(process.env), SMTP_URL: smtpUrl, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

/** DATABASE_URL and REDIS_PREFIX as the test runner set them (they win over the defaults). */
function pick(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["DATABASE_URL", "REDIS_URL", "REDIS_PREFIX", "APP_URL", "APP_SECRET"]) if (env[k]) out[k] = env[k]!;
  return out;
}

export async function startApp(port: number, env: Record<string, string>): Promise<Started> {
  const { child, output } = startDetached("node_modules/.bin/tsx", ["scripts/start-web.ts", "-p", String(port), "-H", "127.0.0.1"], env);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web app exited early:\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/goodbye`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stopGroup(child);
      throw new Error(`the web app did not answer within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { stop: () => stopGroup(child), output };
}

export async function startWorker(env: Record<string, string>): Promise<Started> {
  const { child, output } = startDetached("node_modules/.bin/tsx", ["test/helpers/run-transactional-worker.ts"], env);
  const deadline = Date.now() + 30_000;
  while (!output().includes("transactional worker ready")) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output()}`);
    if (Date.now() > deadline) {
      await stopGroup(child);
      throw new Error(`worker not ready within 30 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stop: () => stopGroup(child), output };
}
