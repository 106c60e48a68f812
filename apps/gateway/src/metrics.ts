import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from '@npc/config';
import type { DecisionRecord } from '@npc/contracts';
import { BudgetAlerts, type BudgetStatus, type DailyBudget } from '@npc/cost';
import { LogWriterMetrics, type InferenceStatusWatcher, type LlmStatusWatcher } from '@npc/pipeline';

/** The version of the trained model the gateway routes to; 'none' while no inference worker has one loaded. */
export const MODEL_VERSION = 'none';

/** The gateway's Prometheus metrics (served at /metrics) and the live figures of the dashboard. */
export class DecisionMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'npc_http_request_duration_seconds',
    help: 'HTTP request latency by route, method, status and decision source (source="" for routes that answer no decision)',
    labelNames: ['route', 'method', 'status', 'source'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 30],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'npc_decisions_total',
    help: 'Decisions answered, by source, intent, NPC role and path (stage reply, gateway fallback, cache, or shed: backpressure)',
    labelNames: ['source', 'intent', 'role', 'path'] as const,
    registers: [this.registry],
  });
  readonly decisionLatency = new Histogram({
    name: 'npc_decision_latency_seconds',
    help: 'Time from receiving a decision request to deciding it, by source',
    labelNames: ['source'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  readonly shed = new Counter({
    name: 'npc_decisions_shed_total',
    help: 'Decisions answered by the gateway without enqueueing (backpressure), by queue and reason: depth, age (oldest waiting job) or log-full (a log stream at LOG_STREAM_MAX_LEN)',
    labelNames: ['queue', 'reason'] as const,
    registers: [this.registry],
  });
  readonly queueOldestAge = new Gauge({
    name: 'npc_queue_oldest_job_age_seconds',
    help: "Age of each queue's oldest waiting job (sampled every SHED_SAMPLE_MS)",
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  /** The log writers' counters and the log streams' length and cap. */
  readonly logs = new LogWriterMetrics(this.registry);

  readonly cacheLookups = new Counter({
    name: 'npc_cache_lookups_total',
    help: 'Answer-cache lookups for LLM-worthy requests, by result (hit ratio = hit / all)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'npc_queue_jobs',
    help: 'Jobs in each queue by state (sampled every few seconds by the gateway; backlog = waiting + prioritized + delayed)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly queueWorkers = new Gauge({
    name: 'npc_queue_workers',
    help: 'Workers connected to each queue (BullMQ getWorkersCount, sampled)',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly llmProviderUp = new Gauge({
    name: 'npc_llm_provider_up',
    help: "1 when some LLM worker's heartbeat says it would call the provider now (breaker closed or probing); absent without LLM workers",
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });
  readonly llmWorkers = new Gauge({
    name: 'npc_llm_workers',
    help: 'LLM workers with a fresh heartbeat, and how many of them can take work',
    labelNames: ['available'] as const,
    registers: [this.registry],
  });
  readonly modelInfo = new Gauge({
    name: 'npc_model_info',
    help: "The trained model version in use (label version; 'none' until a model exists)",
    labelNames: ['version'] as const,
    registers: [this.registry],
  });
  readonly inferenceWorkers = new Gauge({
    name: 'npc_inference_workers',
    help: 'Inference workers with a fresh heartbeat, by whether they have a model loaded and the provider they run it on',
    labelNames: ['loaded', 'provider'] as const,
    registers: [this.registry],
  });
  readonly budgetUsd = new Gauge({ name: 'npc_budget_usd', help: "The day's LLM budget (USD)", registers: [this.registry] });
  readonly budgetRemainingUsd = new Gauge({ name: 'npc_budget_remaining_usd', help: "What is left of the day's LLM budget (USD)", registers: [this.registry] });
  /** npc_budget_spent_usd and npc_budget_spent_ratio: the cost package's gauges, on this registry. */
  readonly budgetGauges: BudgetAlerts;

  /** Rolling figures for the dashboard: latency percentiles, rates, source mix, latest decisions. */
  readonly live = new LiveStats();
  /** The role of an NPC the gateway has cached (for the `role` label); set by the gateway. */
  roleOf: (npcId: string) => string | undefined = () => undefined;
  private readonly sources = new WeakMap<FastifyRequest, string>();

  constructor(log?: Logger) {
    collectDefaultMetrics({ register: this.registry, prefix: 'npc_gateway_' });
    this.modelInfo.set({ version: MODEL_VERSION }, 1);
    this.budgetGauges = new BudgetAlerts({ registry: this.registry, ...(log ? { logger: log } : {}) });
  }

  decided(record: DecisionRecord, path: 'stage' | 'fallback' | 'cache' | 'shed'): void {
    const d = record.decision;
    const role = this.roleOf(record.npcId) ?? 'unknown';
    this.decisions.inc({ source: d.source, intent: d.intent.name, role, path });
    this.decisionLatency.observe({ source: d.source }, d.latencyMs / 1000);
    this.live.recordDecision(record, role, path);
  }

  /** Registers the hooks that time every request (route, method, status and decision source). */
  install(app: FastifyInstance): void {
    // A decision reply is an object with a source: remember it for the latency label.
    app.addHook('preSerialization', async (req: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      const source = (payload as { source?: unknown; decisionId?: unknown } | null)?.source;
      if (typeof source === 'string' && typeof (payload as { decisionId?: unknown }).decisionId === 'string') this.sources.set(req, source);
      return payload;
    });
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unknown';
      const ms = req.receivedAt ? Date.now() - req.receivedAt : 0;
      this.httpDuration.observe({ route, method: req.method, status: reply.statusCode, source: this.sources.get(req) ?? '' }, ms / 1000);
      if (route.startsWith('/v1/') && !route.startsWith('/v1/admin/')) {
        this.live.recordRequest(ms, reply.statusCode, route === '/v1/decisions' && req.method === 'POST');
      }
    });
  }

  /** Sets the sampled gauges (queues, workers, budget, LLM route) from one `OpsSample`. */
  observe(sample: OpsSample): void {
    for (const q of sample.queues) {
      if (q.counts) for (const [state, n] of Object.entries(q.counts)) this.queueJobs.set({ queue: q.name, state }, n);
      if (q.workers !== null) this.queueWorkers.set({ queue: q.name }, q.workers);
    }
    if (sample.budget) {
      this.budgetUsd.set(sample.budget.budgetUsd);
      this.budgetRemainingUsd.set(sample.budget.remainingUsd);
      this.budgetGauges.observe(sample.budget);
    }
    this.modelInfo.reset();
    this.modelInfo.set({ version: String(sample.inference?.version ?? MODEL_VERSION) }, 1);
    this.inferenceWorkers.reset();
    for (const w of sample.inference?.workers ?? []) this.inferenceWorkers.inc({ loaded: String(w.modelLoaded), provider: w.provider ?? 'none' });
    this.llmProviderUp.reset();
    this.llmWorkers.reset();
    if (sample.llm) {
      for (const p of sample.llm.providers) this.llmProviderUp.set({ provider: p.name }, p.available ? 1 : 0);
      this.llmWorkers.set({ available: 'true' }, sample.llm.workersAvailable);
      this.llmWorkers.set({ available: 'false' }, sample.llm.workers - sample.llm.workersAvailable);
    }
  }
}

/** Job states sampled per queue. */
export const SAMPLED_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'] as const;

export interface QueueSample {
  name: string;
  /** Null when Redis could not be asked. */
  counts: Record<(typeof SAMPLED_STATES)[number], number> | null;
  /** waiting + prioritized + delayed. */
  backlog: number | null;
  workers: number | null;
}

export interface OpsSample {
  at: number;
  queues: QueueSample[];
  budget: BudgetStatus | null;
  llm: { workers: number; workersAvailable: number; providers: { name: string; state: string; available: boolean }[] } | null;
  /** Inference workers with a fresh heartbeat and the newest model version loaded; null without any. */
  inference?: { version: number | null; workers: { id: string; modelLoaded: boolean; version: number | null; provider: string | null }[] } | null;
}

/**
 * Samples what costs a Redis round trip (queue depths, worker counts, the budget) every few
 * seconds, never per scrape or per dashboard poll: readers get the latest sample, and a stale one
 * is refreshed once however many readers ask at the same time.
 */
export class OpsSampler {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<OpsSample> | undefined;
  private last: OpsSample = { at: 0, queues: [], budget: null, llm: null };

  constructor(
    private readonly metrics: DecisionMetrics,
    private readonly sources: { queues: Record<string, Queue>; budget?: DailyBudget; llmStatus?: LlmStatusWatcher; inferenceStatus?: InferenceStatusWatcher },
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    const tick = () => {
      void this.refresh().finally(() => {
        this.timer = setTimeout(tick, this.intervalMs);
        this.timer.unref();
      });
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The latest sample, refreshed first when older than `maxAgeMs`. */
  async latest(maxAgeMs = this.intervalMs): Promise<OpsSample> {
    if (Date.now() - this.last.at <= maxAgeMs) return this.last;
    return this.refresh();
  }

  refresh(): Promise<OpsSample> {
    this.inFlight ??= this.sample().then(
      (s) => {
        this.last = s;
        this.metrics.observe(s);
        return s;
      },
    ).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async sample(): Promise<OpsSample> {
    const at = Date.now();
    const bounded = <T>(p: Promise<T>): Promise<T | null> => withTimeout(p, 1000).catch(() => null);
    const queues = await Promise.all(
      Object.entries(this.sources.queues).map(async ([name, queue]): Promise<QueueSample> => {
        const [counts, workers] = await Promise.all([
          bounded(queue.getJobCounts(...SAMPLED_STATES) as Promise<Record<(typeof SAMPLED_STATES)[number], number>>),
          bounded(queue.getWorkersCount()),
        ]);
        const backlog = counts ? (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) : null;
        return { name, counts, backlog, workers };
      }),
    );
    const budget = this.sources.budget ? await bounded(this.sources.budget.status()) : null;
    let llm: OpsSample['llm'] = null;
    const workers = this.sources.llmStatus ? Object.values(this.sources.llmStatus.workers) : [];
    if (workers.length) {
      const providers = new Map<string, { name: string; state: string; available: boolean }>();
      for (const w of workers) {
        for (const p of w.providers) {
          const seen = providers.get(p.name);
          // Any worker that would call the provider makes it available.
          if (!seen || (p.available && !seen.available)) providers.set(p.name, { ...p });
        }
      }
      llm = { workers: workers.length, workersAvailable: workers.filter((w) => w.available).length, providers: [...providers.values()] };
    }
    const inferenceWorkers = Object.entries(this.sources.inferenceStatus?.workers ?? {})
      .map(([id, w]) => ({ id, modelLoaded: w.modelLoaded, version: w.version, provider: w.provider }));
    const inference = inferenceWorkers.length ? { version: this.sources.inferenceStatus?.version ?? null, workers: inferenceWorkers } : null;
    return { at, queues, budget, llm, inference };
  }
}

// ---------------------------------------------------------------------------------------------
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
