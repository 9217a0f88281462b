// The environment every test process sees. One place, used by the test runner and by vitest's setup file, so that
// `npx vitest run some.test.ts` after one `npm test` behaves the same as the full run.
// PAPERBOY_TEST_DB / PAPERBOY_TEST_REDIS_PREFIX let parallel checkouts on one machine keep out of each other's way.
export function testEnvironment(): Record<string, string> & { DATABASE_URL: string; REDIS_PREFIX: string } {
  const dbName = process.env.PAPERBOY_TEST_DB ?? "paperboy_test";
  const prefix = process.env.PAPERBOY_TEST_REDIS_PREFIX ?? "paperboy-test";
  return {
    NODE_ENV: "test",
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${dbName}`,
    REDIS_URL: "redis://127.0.0.1:6379/0",
    REDIS_PREFIX: prefix,
    // Tests that send mail start their own SMTP sink and point SMTP_URL at it.
    SMTP_URL: "smtp://127.0.0.1:2525",
    // The browser tests serve the built app on this port.
    APP_URL: `http://127.0.0.1:${process.env.PAPERBOY_TEST_PORT ?? "3999"}`,
    APP_SECRET: "test-secret-0123456789abcdef0123456789abcdef",
    MAIL_FROM: "Paperboy <digest@paperboy.test>",
    POSTAL_ADDRESS: "Paperboy, 1 Test Street, 00000 Testville",
    LOG_LEVEL: "silent",
    SIGNUP_MIN_FILL_MS: "0",
    // Tests that change papers or topics and read the page at once would otherwise wait for the change check; the
    // cache has tests of its own (e2e/page-cache.test.ts) that turn it on.
    PAGE_CACHE_TTL_MS: "0",
  };
}
