import type { Logger } from 'pino';

/**
 * Buffers rows in memory and writes them in batches, retrying until the sink accepts them (a
 * database outage loses nothing while the process lives). Bounded: past `max` rows the oldest are
 * dropped with an error log. Used for the decision log while Redis is down and for the LLM ledger.
 */
export class BatchWriter<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly sink: (batch: T[]) => Promise<unknown>,
    private readonly log: Logger,
    private readonly opts: { max?: number; batch?: number; flushMs?: number; retryMs?: number } = {},
  ) {}

  get size(): number {
    return this.buffer.length;
  }

  push(row: T): void {
    if (this.buffer.length >= (this.opts.max ?? 100_000)) {
      this.buffer.shift();
      this.log.error({ writer: this.name }, 'write buffer full: dropping the oldest row');
    }
    this.buffer.push(row);
    this.schedule(this.opts.flushMs ?? 20);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush();
    }, ms);
  }

  async flush(): Promise<void> {
    const batch = this.buffer.splice(0, this.opts.batch ?? 1000);
    if (batch.length === 0) return;
    try {
      await this.sink(batch);
      if (this.buffer.length) this.schedule(0);
    } catch (err) {
      this.buffer.unshift(...batch);
      this.log.warn({ writer: this.name, err: String(err), pending: this.buffer.length }, 'batch write failed; retrying');
      this.schedule(this.opts.retryMs ?? 1000);
    }
  }

  /** On shutdown: one last attempt to write everything. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    while (this.buffer.length) {
      const before = this.buffer.length;
      await this.flush();
      if (this.buffer.length >= before) break;
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.buffer.length) this.log.error({ writer: this.name, lost: this.buffer.length }, 'rows not written at shutdown');
  }
}
