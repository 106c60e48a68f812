import type { Logger } from 'pino';
import type { LogKind } from './kinds';
import type { LogCounters } from './metrics';
import { describeError, writeSplitting } from './split-write';
import type { DeadLetterSink } from './stream-writer';

export interface BatchWriterOptions {
  /** Rows kept in memory at most; past it the oldest are dropped, logged and counted. Default 100,000. */
  max?: number;
  batch?: number;
  flushMs?: number;
  retryMs?: number;
  /** Where rows PostgreSQL refuses go (with their reason); without it they are logged and dropped. */
  deadLetters?: DeadLetterSink;
  counters?: LogCounters;
}

/**
 * Buffers rows in memory and writes them to PostgreSQL in batches (`kind.write`), retrying while
 * the database is down (an outage loses nothing while the process lives). A row PostgreSQL refuses
 * never blocks the others: the batch is split until the bad rows are found (./split-write.ts),
 * the good ones are stored and the bad ones set aside as dead letters. Bounded: past `max` rows
 * the oldest are dropped, with an error log and `npc_log_rows_dropped_total`. Used for the
 * decision log while Redis is down or its stream is full (the offline path) and for the LLM ledger.
 */
export class BatchWriter<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly kind: LogKind<T>,
    private readonly log: Logger,
    private readonly opts: BatchWriterOptions = {},
  ) {}

  get size(): number {
    return this.buffer.length;
  }

  push(row: T): void {
    if (this.buffer.length >= (this.opts.max ?? 100_000)) {
      this.buffer.shift();
      this.opts.counters?.dropped?.inc({ log: this.kind.name });
      this.log.error({ writer: this.kind.name }, 'write buffer full: dropping the oldest row');
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
      const refused = await writeSplitting(batch, (rows) => this.kind.write(rows));
      if (refused.length) await this.setAside(refused);
      this.opts.counters?.written?.inc({ log: this.kind.name }, batch.length - refused.length);
      if (this.buffer.length) this.schedule(0);
    } catch (err) {
      this.buffer.unshift(...batch);
      this.log.warn({ writer: this.kind.name, err: String(err), pending: this.buffer.length }, 'batch write failed; retrying');
      this.schedule(this.opts.retryMs ?? 1000);
    }
  }

  private async setAside(refused: { item: T; err: unknown }[]): Promise<void> {
    const letters = refused.map(({ item, err }) => ({ log: this.kind.name, payload: JSON.stringify(this.kind.encode(item)), ...describeError(err) }));
    if (this.opts.deadLetters) await this.opts.deadLetters.add(letters);
    this.opts.counters?.deadLetters?.inc({ log: this.kind.name }, letters.length);
    for (const l of letters) {
      this.log.error({ writer: this.kind.name, reason: l.reason, errorCode: l.errorCode, kept: Boolean(this.opts.deadLetters) }, 'row refused by PostgreSQL: set aside as a dead letter');
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
    if (this.buffer.length) this.log.error({ writer: this.kind.name, lost: this.buffer.length }, 'rows not written at shutdown');
  }
}
