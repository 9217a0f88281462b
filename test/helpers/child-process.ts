// Starts TypeScript entry points as real child processes (node + the tsx loader), waits for their "ready" line, and kills them by pid.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface Child {
  process: ChildProcess;
  output: () => string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTsChild(entry: string, env: Record<string, string>, args: string[] = [], readyLine = "ready"): Promise<Child> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild, and SIGKILL to the CLI would
  // leave the real worker running.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, entry), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (readyLine) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${out}`)), 60_000);
      const check = () => {
        if (out.includes(readyLine)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", check);
      child.once("exit", (code) => {
        clearTimeout(timer);
        if (!out.includes(readyLine)) reject(new Error(`${entry} exited with ${code}:\n${out}`));
      });
    });
  }
  return {
    process: child,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}
