// Starts the BUILT web app (`npm start`) and the transactional worker as detached processes for the browser tests,
// and stops them by process group (a child left behind would keep the port otherwise).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { testEnvironment } from "@/scripts/test-environment";
import { waitUntil } from "./wait-until";

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
  // A server left over from an interrupted run would answer in this one's place: refuse to mistake it for ours.
  const leftover = await fetch(`http://127.0.0.1:${port}/goodbye`).then(() => true, () => false);
  if (leftover) throw new Error(`port ${port} already answers: stop the process listening there first`);
  // What `npm start` runs: the production build behind the page cache's server (lib/http/web-server.ts).
  const { child, output } = startDetached("node_modules/.bin/tsx", ["scripts/web-server.ts", "-p", String(port), "-H", "127.0.0.1"], env);
  await untilReady(child, output, "npm start to answer", async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/goodbye`)).ok;
    } catch {
      return false; // not up yet
    }
  });
  return { stop: () => stopGroup(child), output };
}

export async function startWorker(env: Record<string, string>): Promise<Started> {
  const { child, output } = startDetached("node_modules/.bin/tsx", ["test/helpers/run-transactional-worker.ts"], env);
  await untilReady(child, output, "the transactional worker to be ready", () => output().includes("transactional worker ready"));
  return { stop: () => stopGroup(child), output };
}

/** Waits for `ready`; fails at once if the process exits, and stops it if it never gets ready. */
async function untilReady(child: ChildProcess, output: () => string, what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before ${what}:\n${output()}`);
        return ready();
      },
      90_000,
      what,
      { intervalMs: 100, state: output },
    );
  } catch (err) {
    await stopGroup(child);
    throw err;
  }
}
