// Groups concurrent single-item requests into one call (one SQL statement for many messages in flight). Each
// caller still gets its own result; a failed flush rejects exactly the callers it contained.
export interface MicroBatcherOptions {
  maxItems: number;
  /** 0 = flush on the next turn of the event loop (whatever arrived meanwhile goes together). */
  maxWaitMs: number;
  /**
   * Flushes allowed in flight at once (default: no limit). With a limit, items that arrive while the limit is reached
   * wait for a flush to finish and then go together: the batches grow with the load instead of queueing as many
   * small statements behind the same few connections.
   */
  maxConcurrent?: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class MicroBatcher<T, R> {
  private pending: Waiting<T, R>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flushFn: (items: T[]) => Promise<R[]>,
    private readonly options: MicroBatcherOptions,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.atLimit()) return; // the next finishing flush takes it
      if (this.pending.length >= this.options.maxItems) this.flush();
      else if (!this.timer) {
        const due = () => {
          this.timer = undefined;
          if (!this.atLimit()) this.flush();
        };
        this.timer = this.options.maxWaitMs > 0 ? setTimeout(due, this.options.maxWaitMs) : setImmediate(due);
      }
    });
  }

  /** Flushes what is waiting and resolves once every started flush has finished. */
  async drain(): Promise<void> {
    if (!this.atLimit()) this.flush();
    while (this.inFlight.size || this.pending.length) {
      if (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
      else this.flush();
    }
  }

  private atLimit(): boolean {
    return this.options.maxConcurrent !== undefined && this.inFlight.size >= this.options.maxConcurrent;
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxItems);
    // Settles, never rejects: a failed flush is handed to exactly the callers it contained.
    const p = Promise.resolve()
      .then(() => this.flushFn(batch.map((w) => w.item)))
      .then(
        (results) => batch.forEach((w, i) => w.resolve(results[i] as R)),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.inFlight.delete(p);
        if (this.pending.length && !this.atLimit()) this.flush();
      });
    this.inFlight.add(p);
  }
}
