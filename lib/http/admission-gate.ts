// A bound on how much of one kind of work a process takes on at once: a few run, a few more wait their turn, and the
// rest are turned away at once, so that a crowd meets a quick "busy, try again" instead of timeouts deep in the
// database (a sign-up that waits for a pooled connection past its transaction's limit fails as a 500).

export class AdmissionGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: { concurrency: number; maxPending: number }) {}

  /** Resolves with a release function once the work may run, or returns undefined at once when the queue is full. */
  enter(): Promise<() => void> | undefined {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.maxPending) return undefined;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  get inFlight(): number {
    return this.running;
  }

  get pending(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line, so the count of running work never dips and climbs back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
