import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DecisionRecord } from '@npc/contracts';
import { BudgetAlerts } from '@npc/cost';
import { LogWriterMetrics } from '@npc/pipeline';
import { LiveStats } from './live-stats';
import type { OpsSample } from './ops-sampler';

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
