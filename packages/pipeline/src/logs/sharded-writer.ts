import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LogKind } from './kinds';
import type { LogCounters } from './metrics';
import { StreamLogWriter, type DeadLetterSink, type StreamWriterOptions } from './stream-writer';

/**
 * One log kept in several streams (the decision log: one stream per decision shard, plus the
 * one-shard stream while an installation migrates): a `StreamLogWriter` per stream, started,
 * stopped, drained and counted together. One stream behaves exactly as a single writer (blocking
 * reads on its connection, `blockMs`); several share the connection, so they poll (`idleMs`)
 * instead of blocking it: a blocked read would hold every other stream's read behind it.
 */
export class ShardedLogWriter<T> {
  readonly writers: readonly StreamLogWriter<T>[];

  constructor(
    redis: Redis,
    kind: LogKind<T>,
    deadLetters: DeadLetterSink,
    log: Logger,
    streams: readonly string[],
    opts: Omit<StreamWriterOptions, 'streamKey'>,
    counters: LogCounters = {},
  ) {
    const shared = streams.length > 1 ? { blockMs: 0, idleMs: opts.idleMs ?? Math.max(20, opts.blockMs ?? 200) } : {};
    this.writers = streams.map((streamKey) => new StreamLogWriter(redis, kind, deadLetters, log, { ...opts, ...shared, streamKey }, counters));
  }

  get stats(): StreamLogWriter<T>['stats'] {
    const sum = { written: 0, failures: 0, deadLettered: 0, skipped: 0 };
    for (const w of this.writers) for (const [k, v] of Object.entries(w.stats)) sum[k as keyof typeof sum] += v;
    return sum;
  }

  start(): void {
    for (const w of this.writers) w.start();
  }

  async stop(graceMs?: number): Promise<void> {
    await Promise.all(this.writers.map((w) => w.stop(graceMs)));
  }

  /** Writes everything currently in every stream; for shutdown and tests. */
  async drainOnce(): Promise<number> {
    return (await Promise.all(this.writers.map((w) => w.drainOnce()))).reduce((a, b) => a + b, 0);
  }
}
