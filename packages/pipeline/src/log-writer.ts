import type { Redis } from 'ioredis';
import type { DecisionRecord } from '@npc/contracts';
import type { Logger } from 'pino';

export const LOG_GROUP = 'pg-writer';

export interface LogSink {
  insertMany(records: DecisionRecord[]): Promise<number>;
}

export interface LogWriterOptions {
  streamKey: string;
  consumer: string;
  batch: number;
  /** How long XREADGROUP blocks waiting for new entries. */
  blockMs?: number;
  /** Entries another consumer has held unacknowledged this long are taken over (it died). */
  claimIdleMs?: number;
}

type StreamEntries = [id: string, fields: string[]][];

/**
 * Moves finished decisions from the Redis stream into PostgreSQL in batches. An entry is
 * acknowledged and deleted only after its batch is committed, so a crash or a database outage
 * loses nothing: unacknowledged entries are retried, and a dead consumer's are claimed by another.
 */
export class DecisionLogWriter {
  private running = false;
  private loop: Promise<void> | undefined;
  private written = 0;
  private failures = 0;
  /** Own unacknowledged entries may exist: at start, and after any failed batch. */
  private recheckOwn = true;
  private nextClaimAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly sink: LogSink,
    private readonly log: Logger,
    private readonly opts: LogWriterOptions,
  ) {}

  get stats() {
    return { written: this.written, failures: this.failures };
  }

  /** Starts the loop; it creates the consumer group itself, so Redis may still be down. */
  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.opts.streamKey, LOG_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }

  /** Stops after the batch in hand is written (or given up on, staying in the stream). */
  async stop(graceMs = 2000): Promise<void> {
    this.running = false;
    // A command stuck while Redis is down cannot finish; closing the connection afterwards ends it.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((r) => (timer = setTimeout(r, graceMs + (this.opts.blockMs ?? 200))))]);
    clearTimeout(timer);
  }

  /** Writes everything currently in the stream (pending and new); for shutdown and tests. */
  async drainOnce(): Promise<number> {
    await this.ensureGroup();
    this.recheckOwn = true;
    let total = 0;
    for (;;) {
      const n = await this.step(0);
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    let backoff = 100;
    let grouped = false;
    while (this.running) {
      try {
        if (!grouped) {
          await this.ensureGroup();
          grouped = true;
        }
        await this.step(this.opts.blockMs ?? 200);
        backoff = 100;
      } catch (err) {
        this.failures++;
        this.recheckOwn = true;
        if (String(err).includes('NOGROUP')) grouped = false;
        this.log.error({ err }, 'decision log write failed; entries stay in the stream and are retried');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /**
   * One batch: own pending entries first (at start and after a failure), then dead consumers'
   * (checked every few seconds), then new ones. Under load this is one read per batch.
   */
  private async step(blockMs: number): Promise<number> {
    const { streamKey } = this.opts;
    let entries: StreamEntries = [];
    if (this.recheckOwn) {
      entries = await this.read('0', 0);
      if (entries.length === 0) this.recheckOwn = false;
    }
    if (entries.length === 0 && Date.now() >= this.nextClaimAt) {
      this.nextClaimAt = Date.now() + Math.max(1000, (this.opts.claimIdleMs ?? 30_000) / 4);
      entries = await this.claimAbandoned();
    }
    if (entries.length === 0) entries = await this.read('>', blockMs);
    if (entries.length === 0) return 0;
    const records: DecisionRecord[] = [];
    for (const [, fields] of entries) {
      const json = fields[1];
      if (json) records.push(JSON.parse(json) as DecisionRecord);
    }
    await this.sink.insertMany(records);
    const ids = entries.map(([id]) => id);
    await this.redis.multi().xack(streamKey, LOG_GROUP, ...ids).xdel(streamKey, ...ids).exec();
    this.written += records.length;
    return entries.length;
  }

  private async read(from: '0' | '>', blockMs: number): Promise<StreamEntries> {
    const { streamKey, consumer, batch } = this.opts;
    const args: (string | number)[] = ['GROUP', LOG_GROUP, consumer, 'COUNT', batch];
    if (from === '>' && blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', streamKey, from);
    const res = (await this.redis.call('XREADGROUP', ...args)) as [string, StreamEntries][] | null;
    return res?.[0]?.[1] ?? [];
  }

  private async claimAbandoned(): Promise<StreamEntries> {
    const { streamKey, consumer, batch } = this.opts;
    const res = (await this.redis.call(
      'XAUTOCLAIM', streamKey, LOG_GROUP, consumer, this.opts.claimIdleMs ?? 30_000, '0-0', 'COUNT', batch,
    )) as [string, StreamEntries, string[]?];
    return (res[1] ?? []).filter((e) => e && e[1]);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
