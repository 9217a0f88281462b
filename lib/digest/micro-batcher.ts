// Groups concurrent single-item requests into one call (one SQL statement for many messages in flight). Each
// caller still gets its own result; a failed flush rejects exactly the callers it contained.
export interface MicroBatcherOptions {
  maxItems: number;
  /** 0 = flush on the next turn of the event loop (whatever arrived meanwhile goes together). */
  maxWaitMs: number;
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
      if (this.pending.length >= this.options.maxItems) this.flush();
      else if (!this.timer) {
        this.timer = this.options.maxWaitMs > 0 ? setTimeout(() => this.flush(), this.options.maxWaitMs) : setImmediate(() => this.flush());
      }
    });
  }

  /** Flushes what is waiting and resolves once every started flush has finished. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const p = this.flushFn(batch.map((w) => w.item)).then(
      (results) => batch.forEach((w, i) => w.resolve(results[i] as R)),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
