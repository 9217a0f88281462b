// Starts the BUILT web app (`npm start`) and the transactional worker for the browser tests, each in its own process
// group (a server child left behind would keep the port otherwise).
import { testEnvironment } from "@/scripts/test-environment";
import { startTsChild, type Child } from "./child-process";

export type Started = Pick<Child, "stop" | "output">;

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
  return startTsChild("scripts/web-server.ts", env, {
    args: ["-p", String(port), "-H", "127.0.0.1"],
    group: true,
    readyWhat: "npm start to answer",
    ready: async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/goodbye`)).ok;
      } catch {
        return false; // not up yet
      }
    },
  });
}

export function startWorker(env: Record<string, string>): Promise<Started> {
  return startTsChild("test/helpers/run-transactional-worker.ts", env, { group: true, ready: "transactional worker ready" });
}
