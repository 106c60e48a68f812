import pino, { type Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import type { BudgetCrossing, BudgetStatus } from './budget';

/** The env variable naming the alert webhook (for the config package to merge into its schemas). */
export const BudgetAlertEnv = z.object({
  /** POSTed a JSON `budget_alert` event for each threshold crossed; unset = no webhook. */
  BUDGET_ALERT_WEBHOOK_URL: z.string().url().optional(),
});
export type BudgetAlertEnv = z.infer<typeof BudgetAlertEnv>;

/** The JSON body POSTed to the webhook, once per threshold crossed (also the log line's fields). */
export interface BudgetAlertEvent {
  event: 'budget_alert';
  /** Fraction of the budget crossed: 0.5, 0.8, 1. */
  threshold: number;
  day: string;
  spentUsd: number;
  budgetUsd: number;
}

export interface BudgetAlertsOptions {
  /** Default: a pino logger named 'budget'. */
  logger?: Logger;
  /** Where the metrics are registered (default: none, no metrics). */
  registry?: Registry;
  /** `BUDGET_ALERT_WEBHOOK_URL`: POSTed each alert as JSON; unset = no webhook. */
  webhookUrl?: string;
  /** Give up on the webhook after this long (default 2000 ms). */
  webhookTimeoutMs?: number;
  /** Default: global fetch. */
  fetch?: typeof fetch;
}

const ALERTS_METRIC = 'npc_budget_alerts_total';
const RATIO_METRIC = 'npc_budget_spent_ratio';
const SPENT_METRIC = 'npc_budget_spent_usd';

function metric<T>(registry: Registry, name: string, make: () => T): T {
  // Two BudgetAlerts on one registry share the metrics rather than failing to register twice.
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * Turns the threshold crossings that `DailyBudget.settle` reports into a log event, metrics and an
 * optional webhook POST. Never throws; the webhook has a short timeout. Wire it with
 * `new DailyBudget(redis, { …, onAlert: (c) => alerts.notify(c) })`.
 */
export class BudgetAlerts {
  private readonly logger: Logger;
  private readonly alerts?: Counter<'threshold'>;
  private readonly ratio?: Gauge;
  private readonly spent?: Gauge;
  private readonly fetch: typeof fetch;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly opts: BudgetAlertsOptions = {}) {
    this.logger = opts.logger ?? pino({ name: 'budget' });
    this.fetch = opts.fetch ?? globalThis.fetch;
    const registry = opts.registry;
    if (registry) {
      this.alerts = metric(registry, ALERTS_METRIC, () => new Counter({ name: ALERTS_METRIC, help: 'LLM budget thresholds crossed', labelNames: ['threshold'], registers: [registry] }));
      this.ratio = metric(registry, RATIO_METRIC, () => new Gauge({ name: RATIO_METRIC, help: "Today's LLM spending as a fraction of the daily budget", registers: [registry] }));
      this.spent = metric(registry, SPENT_METRIC, () => new Gauge({ name: SPENT_METRIC, help: "Today's LLM spending, USD", registers: [registry] }));
    }
  }

  /** Logs, counts and POSTs each threshold of `crossing`. Resolves when the webhook calls end; never rejects. */
  notify(crossing: BudgetCrossing): Promise<void> {
    const work = this.handle(crossing).catch((error: unknown) => {
      this.logger.error({ event: 'budget_alert_failed', err: error }, 'budget alert handling failed');
    });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return work;
  }

  /** Updates the spending gauges from a status (e.g. on a timer or after each settle). */
  observe(status: Pick<BudgetStatus, 'spentUsd' | 'ratio'>): void {
    this.spent?.set(status.spentUsd);
    this.ratio?.set(status.ratio);
  }

  /** Resolves once every notification in flight is done (for shutdown and tests). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async handle(crossing: BudgetCrossing): Promise<void> {
    const { day, spentUsd, budgetUsd } = crossing;
    this.observe({ spentUsd, ratio: budgetUsd > 0 ? spentUsd / budgetUsd : 1 });
    const posts: Promise<void>[] = [];
    for (const threshold of crossing.thresholds) {
      const event: BudgetAlertEvent = { event: 'budget_alert', threshold, day, spentUsd, budgetUsd };
      const message = `LLM budget ${Math.round(threshold * 100)}% reached for ${day}`;
      if (threshold >= 1) this.logger.error(event, message);
      else this.logger.warn(event, message);
      this.alerts?.inc({ threshold: String(threshold) });
      if (this.opts.webhookUrl) posts.push(this.post(this.opts.webhookUrl, event));
    }
    await Promise.all(posts);
  }

  private async post(url: string, event: BudgetAlertEvent): Promise<void> {
    try {
      const res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.opts.webhookTimeoutMs ?? 2000),
      });
      await res.body?.cancel().catch(() => undefined); // release the connection
      if (!res.ok) this.logger.warn({ event: 'budget_alert_webhook_failed', status: res.status, threshold: event.threshold }, 'budget alert webhook refused');
    } catch (error) {
      this.logger.warn({ event: 'budget_alert_webhook_failed', threshold: event.threshold, err: error }, 'budget alert webhook unreachable');
    }
  }
}
