import type { DecisionRecord } from '@npc/contracts';
import type { LogSink } from '@npc/pipeline';
import type { Logger } from 'pino';

/**
 * Decisions the gateway made while Redis was unreachable cannot go through the Redis decision log,
 * so they are written to PostgreSQL from here, in batches, retried until they are stored.
 * Bounded: past `max` records the oldest are dropped with an error log (both stores down for long).
 */
export class OfflineDecisionLog {
  private buffer: DecisionRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly sink: LogSink,
    private readonly log: Logger,
    private readonly max = 100_000,
  ) {}

  get size(): number {
    return this.buffer.length;
  }

  push(record: DecisionRecord): void {
    if (this.buffer.length >= this.max) {
      this.buffer.shift();
      this.log.error('offline decision log full: dropping the oldest record');
    }
    this.buffer.push(record);
    this.schedule(20);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush();
    }, ms);
  }

  async flush(): Promise<void> {
    const batch = this.buffer.splice(0, 1000);
    if (batch.length === 0) return;
    try {
      await this.sink.insertMany(batch);
      if (this.buffer.length) this.schedule(0);
    } catch (err) {
      this.buffer.unshift(...batch);
      this.log.warn({ err: String(err), pending: this.buffer.length }, 'offline decision log: PostgreSQL write failed, retrying');
      this.schedule(1000);
    }
  }

  /** On shutdown: one last attempt to store everything. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    while (this.buffer.length) {
      const before = this.buffer.length;
      await this.flush();
      if (this.buffer.length >= before) break;
    }
    if (this.buffer.length) this.log.error({ lost: this.buffer.length }, 'offline decision log: records not stored at shutdown');
  }
}
