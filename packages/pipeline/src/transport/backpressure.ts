import type { Redis } from 'ioredis';
import type { Gauge } from 'prom-client';
import { queuePrefixes, type DecisionQueue } from '@npc/contracts';

/** Why the gateway answers by itself instead of enqueueing. */
export type ShedReason = 'depth' | 'age' | 'log-full';

export interface BackpressureOptions {
  /** QUEUE_PREFIX (each queue on its own hashtag: `queuePrefixes(prefix, queue, rulesShards)`). */
  prefix: string;
  /** RULES_QUEUE_SHARDS: the rules queue's depth is the sum over its queues, its oldest job the oldest of all. Default 1. */
  rulesShards?: number;
  queues: readonly DecisionQueue[];
  /** Waiting jobs in a queue past which new work for it is shed (SHED_QUEUE_DEPTH). */
  maxDepth: number;
  /** Age (ms) of a queue's oldest waiting job past which new work for it is shed (SHED_JOB_AGE_MS). */
  maxAgeMs: number;
  /** How often Redis is asked (SHED_SAMPLE_MS): never per request. */
  sampleMs: number;
  /** The log streams (decision log, memory log) and their cap (LOG_STREAM_MAX_LEN); a log over several streams (one per decision shard) counts their sum. */
  streams: readonly { log: string; key: string | readonly string[] }[];
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
 * `sampleMs` with two round trips (LLEN and the oldest waiting job of each queue, XLEN of each log
 * stream, summed over a log's decision shards; then the oldest jobs' timestamps), so a request
 * pays no Redis round trip for it.
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
    // One command each, not one pipeline: the queues and the decision shards' streams sit in
    // different slots (a Cluster pipeline must stay in one); the commands of this turn still
    // leave in one write (REDIS_COALESCE_WRITES).
    const parts = queues.flatMap((queue) => queuePrefixes(prefix, queue, this.opts.rulesShards).map((tag) => ({ queue, key: `${tag}:${queue}` })));
    const streamKeys = streams.flatMap((s) => (typeof s.key === 'string' ? [s.key] : s.key).map((key) => ({ log: s.log, key })));
    const [oldest, streamLengths] = await Promise.all([
      Promise.all(parts.map(async (part) => {
        const [depth, id] = await Promise.all([this.redis.llen(`${part.key}:wait`), this.redis.lindex(`${part.key}:wait`, -1)]);
        return { ...part, depth, id };
      })),
      Promise.all(streamKeys.map((s) => this.redis.xlen(s.key))),
    ]);
    const lengths = new Map<string, number>(streams.map((s) => [s.log, 0]));
    streamKeys.forEach((s, i) => lengths.set(s.log, lengths.get(s.log)! + streamLengths[i]!));
    const withJob = oldest.filter((o) => o.id !== null);
    const stamps = await Promise.all(withJob.map((o) => this.redis.hget(`${o.key}:${o.id}`, 'timestamp')));
    const now = Date.now();
    const states = new Map<DecisionQueue, QueueState>(queues.map((q) => [q, { depth: 0, oldestAgeMs: 0 }]));
    for (const o of oldest) {
      const k = withJob.indexOf(o);
      const stamp = k >= 0 ? Number(stamps[k] ?? NaN) : NaN;
      const state = states.get(o.queue)!;
      state.depth += o.depth;
      if (Number.isFinite(stamp)) state.oldestAgeMs = Math.max(state.oldestAgeMs, now - stamp);
    }
    for (const [queue, state] of states) {
      this.state.set(queue, state);
      this.gauges.queueAge?.set({ queue }, state.oldestAgeMs / 1000);
    }
    this.streamLengths = lengths;
    for (const [log, n] of lengths) this.gauges.streamLength?.set({ log }, n);
  }
}
