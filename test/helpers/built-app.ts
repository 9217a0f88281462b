// What the browser tests share around their tests: a clean database with the topics (and the recorded papers when
// asked), an empty Redis prefix, the SMTP sink, the BUILT app (and the transactional worker, and Chromium, when
// asked), all stopped again after the file.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/lib/db";
import { runIngest } from "@/lib/papers/run-ingest";
import { closeQueues } from "@/lib/queue/queues";
import { seedTopics } from "@/lib/topics/seed-topics";
import { flushPrefix } from "@/scripts/flush-redis-prefix";
import { appEnvironment, startApp, startWorker, type Started } from "./app-processes";
import { launchChromium } from "./browser";
import { closeTestDb, resetDb, testDb } from "./db";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

export interface BuiltAppOptions {
  /** Environment of the app and the worker beyond appEnvironment()'s. */
  env?: Record<string, string>;
  /** Environment of the app alone, read when it starts (e.g. the addresses of proxies started before). */
  appEnv?: () => Record<string, string>;
  /** Loads the recorded papers (`npm run ingest -- --from-file`). */
  ingest?: boolean;
  /** The file's own rows, written after the reset, the topics and the papers, before the app starts. */
  seed?: (db: Db) => Promise<void>;
  /** Starts the transactional worker, for tests whose mail must go out. */
  worker?: boolean;
  /** Launches Chromium. */
  browser?: boolean;
}

export interface BuiltApp {
  url: string;
  port: number;
  sink: SmtpSink;
  app: Started;
  worker: Started | undefined;
  browser: Browser;
}

/** Registers the file's beforeAll and afterAll; the returned object is filled in once beforeAll has run. */
export function useBuiltApp(options: BuiltAppOptions = {}): BuiltApp {
  const url = process.env.APP_URL!;
  const started = { url, port: Number(new URL(url).port) } as BuiltApp;

  beforeAll(async () => {
    const db = testDb();
    await resetDb(db);
    await seedTopics(db);
    if (options.ingest) await runIngest({ source: "file" }, { db });
    await flushPrefix();
    await options.seed?.(db);
    started.sink = await startSmtpSink();
    const env = appEnvironment(started.sink.url, options.env);
    [started.app, started.worker] = await Promise.all([
      startApp(started.port, { ...env, ...options.appEnv?.() }),
      options.worker ? startWorker(env) : undefined,
    ]);
    if (options.browser) started.browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await started.browser?.close();
    await Promise.all([started.app?.stop(), started.worker?.stop()]);
    await started.sink?.close();
    await closeQueues();
    await closeTestDb();
    await flushPrefix();
  });

  return started;
}
