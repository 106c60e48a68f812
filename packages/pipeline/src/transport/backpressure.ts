import type { Redis } from 'ioredis';
import type { Gauge } from 'prom-client';
import type { DecisionQueue } from '@npc/contracts';

/** Why the gateway answers by itself instead of enqueueing. */
export type ShedReason = 'depth' | 'age' | 'log-full';

export interface BackpressureOptions {
  /** QUEUE_PREFIX (BullMQ's prefix: `${prefix}:${queue}:wait`). */
  prefix: string;
  queues: readonly DecisionQueue[];
  /** Waiting jobs in a queue past which new work for it is shed (SHED_QUEUE_DEPTH). */
  maxDepth: number;
  /** Age (ms) of a queue's oldest waiting job past which new work for it is shed (SHED_JOB_AGE_MS). */
  maxAgeMs: number;
  /** How often Redis is asked (SHED_SAMPLE_MS): never per request. */
  sampleMs: number;
  /** The log streams (decision log, memory log) and their cap (LOG_STREAM_MAX_LEN). */
  streams: readonly { log: string; key: string }[];
  streamCap: number;
}

/** The share of the stream cap at which new LLM work stops (the LLM answers are the costly ones to lose). */
export const LLM_OFF_AT_STREAM_SHARE = 0.8;

interface QueueState {
  depth: number;
  oldestAgeMs: number;
}

/**
 * The gateway's view of how far behind the workers and the log writers are, sampled every
 * `sampleMs` with two pipelined round trips (LLEN and the oldest waiting job of each queue, XLEN of
 * each log stream; then the oldest jobs' timestamps), so a request pays no Redis round trip for it.
 *
 * - A queue past `maxDepth` waiting jobs, or whose oldest waiting job is older than `maxAgeMs`,
 *   gets no new job: the gateway answers from its in-process rules at once (`answeredBy:
 *   gateway-shed:<instance>`), so stalled workers cannot make Redis grow without bound.
 * - A log stream at `streamCap` entries (PostgreSQL down or the writers behind for that long) gets
 *   no new entry: the gateway answers by rules and stores the decision directly in PostgreSQL
 *   (the offline path); already at `LLM_OFF_AT_STREAM_SHARE` of the cap no new LLM work starts.
 *   Entries are never trimmed: the cap is where adding stops, not where old entries are dropped.
 * Until the first sample (or when Redis cannot be asked) nothing is shed.
 */
export class Backpressure {
  private readonly state = new Map<DecisionQueue, QueueState>();
  private streamLengths = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly opts: BackpressureOptions,
    private readonly gauges: { streamLength?: Gauge<'log'>; streamCap?: Gauge<'log'>; queueAge?: Gauge<'queue'> } = {},
  ) {
    for (const s of opts.streams) gauges.streamCap?.set({ log: s.log }, opts.streamCap);
  }

  start(): void {
    const tick = () => {
      void this.sample().catch(() => undefined).finally(() => {
        if (this.timer === undefined) return;
        this.timer = setTimeout(tick, this.opts.sampleMs);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Why a new job for `queue` must not be enqueued now, or null. */
  shed(queue: DecisionQueue): ShedReason | null {
    if (this.logFull) return 'log-full';
    const q = this.state.get(queue);
    if (!q) return null;
    if (q.depth >= this.opts.maxDepth) return 'depth';
    if (q.oldestAgeMs >= this.opts.maxAgeMs) return 'age';
    return null;
  }

  /** A log stream is at its cap: nothing may add to it. */
  get logFull(): boolean {
    return this.longestStream() >= this.opts.streamCap;
  }

  /** false once a log stream passes LLM_OFF_AT_STREAM_SHARE of its cap. */
  get llmOpen(): boolean {
    return this.longestStream() < this.opts.streamCap * LLM_OFF_AT_STREAM_SHARE;
  }

  /** The latest sample: per queue depth and oldest age, per log stream length. */
  get snapshot(): { queues: Record<string, QueueState>; streams: Record<string, number> } {
    return { queues: Object.fromEntries(this.state), streams: Object.fromEntries(this.streamLengths) };
  }

  private longestStream(): number {
    let max = 0;
    for (const n of this.streamLengths.values()) if (n > max) max = n;
    return max;
  }

  /** Asks Redis once (two round trips); concurrent callers share it. */
  sample(): Promise<void> {
    this.sampling ??= this.read().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async read(): Promise<void> {
    const { prefix, queues, streams } = this.opts;
    const p = this.redis.pipeline();
    for (const q of queues) p.llen(`${prefix}:${q}:wait`).lindex(`${prefix}:${q}:wait`, -1);
    for (const s of streams) p.xlen(s.key);
    const res = (await p.exec()) ?? [];
    const value = (i: number) => {
      const [err, v] = res[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      return v;
    };
    const oldest: { queue: DecisionQueue; depth: number; id: string | null }[] = queues.map((queue, i) => ({
      queue, depth: Number(value(2 * i)), id: value(2 * i + 1) as string | null,
    }));
    const lengths = new Map(streams.map((s, i) => [s.log, Number(value(2 * queues.length + i))]));
    const withJob = oldest.filter((o) => o.id !== null);
    const stamps = withJob.length
      ? ((await this.redis.pipeline(withJob.map((o) => ['hget', `${prefix}:${o.queue}:${o.id}`, 'timestamp'])).exec()) ?? [])
      : [];
    const now = Date.now();
    for (const o of oldest) {
      const k = withJob.indexOf(o);
      const stamp = k >= 0 ? Number(stamps[k]?.[1] ?? NaN) : NaN;
      const oldestAgeMs = Number.isFinite(stamp) ? Math.max(0, now - stamp) : 0;
      this.state.set(o.queue, { depth: o.depth, oldestAgeMs });
      this.gauges.queueAge?.set({ queue: o.queue }, oldestAgeMs / 1000);
    }
    this.streamLengths = lengths;
    for (const [log, n] of lengths) this.gauges.streamLength?.set({ log }, n);
  }
}
