import type { DecisionRecord } from '@npc/contracts';

// Live figures for the dashboard: per-second slots over the last minute.

const MIN_MS = 0.1;
const GROWTH = 1.04;
const BUCKETS = Math.ceil(Math.log(120_000 / MIN_MS) / Math.log(GROWTH)) + 1;
const bucketOf = (ms: number) => (ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / Math.log(GROWTH))));
const upperOf = (i: number) => MIN_MS * GROWTH ** i;

class Slot {
  second = -1;
  readonly latency = new Uint32Array(BUCKETS);
  latencyCount = 0;
  latencyMax = 0;
  requests = 0;
  serverErrors = 0;
  clientErrors = 0;
  decisions = 0;
  readonly sources = new Map<string, number>();

  reset(second: number): void {
    this.second = second;
    this.latency.fill(0);
    this.latencyCount = 0;
    this.latencyMax = 0;
    this.requests = 0;
    this.serverErrors = 0;
    this.clientErrors = 0;
    this.decisions = 0;
    this.sources.clear();
  }
}

export interface RecentDecision {
  at: number;
  decisionId: string;
  npcId: string;
  role: string;
  source: string;
  path: string;
  intent: string;
  confidence: number;
  action: string;
  say: string;
  latencyMs: number;
  costUsd: number;
}

export interface LiveSnapshot {
  windowS: number;
  /** Latency of POST /v1/decisions over the window (4 % resolution); null without requests. */
  latencyMs: { p50: number; p90: number; p99: number; max: number; count: number } | null;
  /** Over the last RATE_WINDOW_S seconds. */
  decisionsPerS: number;
  requestsPerS: number;
  /** Decisions by source over the window. */
  sourceMix: Record<string, number>;
  requests: number;
  serverErrors: number;
  clientErrors: number;
  /** 5xx / requests over the window (0 without requests). */
  errorRate: number;
  /** Decisions/s for each of the last `windowS` seconds, oldest first (for a sparkline). */
  decisionsSeries: number[];
  /** p90 latency (ms) for each of the last `windowS` seconds, oldest first; null for a second without requests. */
  p90Series: (number | null)[];
}

/**
 * Rolling per-second counters and latency histograms over the last minute, and a ring of the
 * latest decisions. Constant memory; a snapshot merges at most 60 slots.
 */
export class LiveStats {
  private readonly slots: Slot[];
  private readonly ring: RecentDecision[] = [];
  private readonly startedAt: number;

  constructor(
    private readonly windowS = 60,
    private readonly recentMax = 50,
    private readonly now: () => number = Date.now,
  ) {
    this.slots = Array.from({ length: windowS }, () => new Slot());
    this.startedAt = now();
  }

  private slot(ms = this.now()): Slot {
    const second = Math.floor(ms / 1000);
    const s = this.slots[second % this.windowS]!;
    if (s.second !== second) s.reset(second);
    return s;
  }

  recordRequest(ms: number, status: number, isDecision: boolean): void {
    const s = this.slot();
    s.requests++;
    if (status >= 500) s.serverErrors++;
    else if (status >= 400) s.clientErrors++;
    if (isDecision && status < 400) {
      const i = bucketOf(ms);
      s.latency[i] = (s.latency[i] ?? 0) + 1;
      s.latencyCount++;
      if (ms > s.latencyMax) s.latencyMax = ms;
    }
  }

  recordDecision(record: DecisionRecord, role: string, path: string): void {
    const s = this.slot();
    const d = record.decision;
    s.decisions++;
    s.sources.set(d.source, (s.sources.get(d.source) ?? 0) + 1);
    this.ring.push({
      at: record.decidedAt,
      decisionId: d.decisionId,
      npcId: record.npcId,
      role,
      source: d.source,
      path,
      intent: d.intent.name,
      confidence: d.intent.confidence,
      action: d.action.type,
      say: d.say.length > 160 ? `${d.say.slice(0, 157)}…` : d.say,
      latencyMs: d.latencyMs,
      costUsd: d.costUsd,
    });
    if (this.ring.length > this.recentMax) this.ring.shift();
  }

  /** The latest decisions, newest first. */
  recent(n = this.recentMax): RecentDecision[] {
    return this.ring.slice(-n).reverse();
  }

  snapshot(): LiveSnapshot {
    const nowMs = this.now();
    const current = Math.floor(nowMs / 1000);
    const merged = new Uint32Array(BUCKETS);
    let count = 0;
    let max = 0;
    let requests = 0;
    let serverErrors = 0;
    let clientErrors = 0;
    let decisions = 0;
    let recentDecisions = 0;
    let recentRequests = 0;
    const sourceMix: Record<string, number> = {};
    const decisionsSeries: number[] = [];
    const p90Series: (number | null)[] = [];
    for (let sec = current - this.windowS + 1; sec <= current; sec++) {
      const s = this.slots[((sec % this.windowS) + this.windowS) % this.windowS]!;
      if (s.second !== sec) {
        decisionsSeries.push(0);
        p90Series.push(null);
        continue;
      }
      for (let i = 0; i < BUCKETS; i++) merged[i] = (merged[i] ?? 0) + (s.latency[i] ?? 0);
      count += s.latencyCount;
      max = Math.max(max, s.latencyMax);
      requests += s.requests;
      serverErrors += s.serverErrors;
      clientErrors += s.clientErrors;
      decisions += s.decisions;
      if (sec > current - RATE_WINDOW_S) {
        recentDecisions += s.decisions;
        recentRequests += s.requests;
      }
      for (const [k, v] of s.sources) sourceMix[k] = (sourceMix[k] ?? 0) + v;
      decisionsSeries.push(s.decisions);
      p90Series.push(s.latencyCount ? round(Math.min(s.latencyMax, percentile(s.latency, s.latencyCount, 0.9))) : null);
    }
    // Rates over the last few seconds, or as long as the process has been up (at least one second).
    const span = Math.max(1, Math.min(RATE_WINDOW_S, (nowMs - this.startedAt) / 1000));
    return {
      windowS: this.windowS,
      latencyMs: count
        ? {
            p50: round(Math.min(max, percentile(merged, count, 0.5))),
            p90: round(Math.min(max, percentile(merged, count, 0.9))),
            p99: round(Math.min(max, percentile(merged, count, 0.99))),
            max: round(max),
            count,
          }
        : null,
      decisionsPerS: round(recentDecisions / span),
      requestsPerS: round(recentRequests / span),
      sourceMix,
      requests,
      serverErrors,
      clientErrors,
      errorRate: requests ? serverErrors / requests : 0,
      decisionsSeries,
      p90Series,
    };
  }
}

function percentile(hist: Uint32Array, count: number, p: number): number {
  const rank = Math.max(1, Math.ceil(p * count));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= rank) return upperOf(i);
  }
  return upperOf(hist.length - 1);
}

/** Decisions/s and requests/s are averaged over this many seconds. */
const RATE_WINDOW_S = 10;

const round = (n: number) => Math.round(n * 100) / 100;
