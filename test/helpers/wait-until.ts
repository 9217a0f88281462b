// How a test waits: poll a condition until it holds or a deadline passes, then fail with what was awaited and what
// was last seen. Never a fixed sleep: on a busy machine any fixed delay is sometimes too short (see test/README.md).

export interface WaitOptions {
  /** How often the condition is read again. */
  intervalMs?: number;
  /** Describes the state on timeout (e.g. the counts that were expected to change), for the error message. */
  state?: () => unknown;
}

/** Polls `condition` until it is true; throws `timed out after N ms waiting for <what>` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  options: WaitOptions = {},
): Promise<void> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const seen = options.state ? `; last seen: ${show(await options.state())}` : "";
      throw new Error(`timed out after ${Date.now() - started} ms waiting for ${what}${seen}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

/**
 * Reads a value until `accept` holds for it and returns that value; on timeout the error shows the last value read.
 * For waits whose outcome the test goes on to inspect (a job's state, a row, a set of counts).
 */
export async function waitForValue<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  what: string,
  options: Omit<WaitOptions, "state"> = {},
): Promise<T> {
  let last: T | undefined;
  await waitUntil(
    async () => accept((last = await read())),
    timeoutMs,
    what,
    { ...options, state: () => last },
  );
  return last as T;
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
