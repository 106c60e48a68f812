import { Counter, Gauge, Histogram } from 'prom-client';
import type { Logger } from 'pino';
import type { LlmWorkerEnv } from '@npc/config';
import type { BudgetStatus } from '@npc/cost';
import type { LlmCallRecord, ProviderHealth } from '@npc/llm';
import { StageMetrics, WorkerMetricsPort } from '@npc/pipeline';

const BREAKER_STATES = ['closed', 'open', 'half_open', 'isolated'] as const;

/**
 * The LLM worker's Prometheus metrics: its jobs (wait, processing, outcome), every provider call by
 * provider and outcome, tokens and cost, breaker state and availability per provider (read from
 * `LlmClient.health()` at scrape time) and the day's budget. The budget's spent/ratio gauges and
 * alert counter are `BudgetAlerts`' own, registered on the same registry. Served on the worker's
 * own port when `METRICS_PORT` is set (deploy/README.md, "Metrics").
 */
export class LlmWorkerMetrics {
  readonly stage = new StageMetrics({ app: 'worker_llm' });
  readonly calls: Counter<'provider' | 'outcome'>;
  readonly costUsd: Counter<'provider' | 'model'>;
  readonly tokens: Counter<'provider' | 'kind'>;
  readonly callDuration: Histogram<'provider' | 'outcome'>;
  private readonly budgetUsd: Gauge;
  private readonly remainingUsd: Gauge;
  private health: () => ProviderHealth[] = () => [];
  private readonly port: WorkerMetricsPort;

  constructor() {
    this.port = new WorkerMetricsPort(this.registry);
    const registers = [this.registry];
    this.calls = new Counter({ name: 'npc_llm_calls_total', help: 'LLM provider calls (and refusals before a call), by provider and outcome', labelNames: ['provider', 'outcome'] as const, registers });
    this.costUsd = new Counter({ name: 'npc_llm_cost_usd_total', help: 'What LLM calls cost in provider fees (USD), by provider and model', labelNames: ['provider', 'model'] as const, registers });
    this.tokens = new Counter({ name: 'npc_llm_tokens_total', help: 'LLM tokens billed, by provider and kind (input, output)', labelNames: ['provider', 'kind'] as const, registers });
    this.callDuration = new Histogram({
      name: 'npc_llm_call_duration_seconds',
      help: 'LLM provider call latency, by provider and outcome',
      labelNames: ['provider', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    const self = this;
    new Gauge({
      name: 'npc_llm_breaker_state',
      help: 'Circuit breaker state per provider: 1 for the current state, 0 for the others',
      labelNames: ['provider', 'state'] as const,
      registers,
      collect() {
        this.reset();
        for (const h of self.health()) for (const s of BREAKER_STATES) this.set({ provider: h.name, state: s }, h.state === s ? 1 : 0);
      },
    });
    new Gauge({
      name: 'npc_llm_provider_up',
      help: '1 when this worker would send a request to the provider now (breaker closed or probing, no Retry-After)',
      labelNames: ['provider'] as const,
      registers,
      collect() {
        this.reset();
        for (const h of self.health()) this.set({ provider: h.name }, h.available ? 1 : 0);
      },
    });
    this.budgetUsd = new Gauge({ name: 'npc_budget_usd', help: "The day's LLM budget (USD)", registers });
    this.remainingUsd = new Gauge({ name: 'npc_budget_remaining_usd', help: "What is left of the day's LLM budget (USD)", registers });
  }

  get registry() {
    return this.stage.registry;
  }

  /** Where breaker state and availability are read from at scrape time. */
  watch(health: () => ProviderHealth[]): void {
    this.health = health;
  }

  onCall(call: LlmCallRecord): void {
    this.calls.inc({ provider: call.provider, outcome: call.outcome });
    if (call.costUsd > 0) this.costUsd.inc({ provider: call.provider, model: call.model }, call.costUsd);
    if (call.inputTokens > 0) this.tokens.inc({ provider: call.provider, kind: 'input' }, call.inputTokens);
    if (call.outputTokens > 0) this.tokens.inc({ provider: call.provider, kind: 'output' }, call.outputTokens);
    if (call.attempt > 0) this.callDuration.observe({ provider: call.provider, outcome: call.outcome }, call.latencyMs / 1000);
  }

  observeBudget(status: Pick<BudgetStatus, 'budgetUsd' | 'remainingUsd'>): void {
    this.budgetUsd.set(status.budgetUsd);
    this.remainingUsd.set(status.remainingUsd);
  }

  start(config: Pick<LlmWorkerEnv, 'METRICS_PORT' | 'METRICS_HOST'>, log: Logger): void {
    this.port.start(config, log);
  }

  close(): Promise<void> {
    return this.port.close();
  }
}
