// The one way the tests start a process: a TypeScript entry point as a real child (node + the tsx loader), with its
// own environment, awaited until it is ready, and killed by pid (or by process group, for programs with children).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { waitUntil } from "./wait-until";

const root = path.resolve(import.meta.dirname, "../..");

export interface Child {
  process: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (null when a signal ended it) once the child has exited. */
  exited: () => Promise<number | null>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  args?: string[];
  /**
   * When the child counts as started: once its output contains this text, once this condition holds, or at once
   * for "" (a command the test runs to its end). Default: the line "ready".
   */
  ready?: string | (() => boolean | Promise<boolean>);
  /** Describes the ready state in the error when the child never gets there. */
  readyWhat?: string;
  /**
   * Runs the child in its own process group and signals the whole group, for programs that start processes of
   * their own (a server left behind would keep its port).
   */
  group?: boolean;
}

export async function startTsChild(entry: string, env: Record<string, string>, options: ChildOptions = {}): Promise<Child> {
  const { args = [], ready = "ready", group = false } = options;
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild, and SIGKILL to the CLI would
  // leave the real worker running.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, entry), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    detached: group,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      /* already gone */
    }
  };
  const started: Child = {
    process: child,
    output: () => out,
    exited: () => exit,
    async kill9() {
      if (running()) signal("SIGKILL");
      await exit;
    },
    async stop() {
      if (!running()) return;
      signal("SIGTERM");
      const t = setTimeout(() => signal("SIGKILL"), 10_000);
      await exit;
      clearTimeout(t);
    },
  };
  if (ready === "") return started;
  const isReady = typeof ready === "string" ? () => out.includes(ready) : ready;
  const what = options.readyWhat ?? (typeof ready === "string" ? `${entry} to print "${ready}"` : `${entry} to be ready`);
  try {
    await waitUntil(
      async () => {
        if (await isReady()) return true;
        if (!running()) throw new Error(`${entry} exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${out}`);
        return false;
      },
      90_000,
      what,
      { intervalMs: 50, state: () => out },
    );
  } catch (err) {
    await started.kill9();
    throw err;
  }
  return started;
}
