import type { Queue } from 'bullmq';
import { withTimeout } from '@npc/config';
import type { BudgetStatus, DailyBudget } from '@npc/cost';
import type { InferenceStatusWatcher, LlmStatusWatcher } from '@npc/pipeline';

/** Job states sampled per queue. */
export const SAMPLED_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'] as const;

const sumCounts = (all: Record<(typeof SAMPLED_STATES)[number], number>[]) =>
  Object.fromEntries(SAMPLED_STATES.map((state) => [state, all.reduce((n, c) => n + (c[state] ?? 0), 0)])) as Record<(typeof SAMPLED_STATES)[number], number>;

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
    /** Called with each new sample (the gateway sets its gauges from it: `DecisionMetrics.observe`). */
    private readonly onSample: (sample: OpsSample) => void,
    private readonly sources: { queues: Record<string, Queue | readonly Queue[]>; budget?: DailyBudget; llmStatus?: LlmStatusWatcher; inferenceStatus?: InferenceStatusWatcher },
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
        this.onSample(s);
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
        // A queue kept as several (RULES_QUEUE_SHARDS): counts summed; workers = the fewest serving any of them.
        const shards = [queue].flat();
        const each = await Promise.all(shards.map((q) => Promise.all([
          bounded(q.getJobCounts(...SAMPLED_STATES) as Promise<Record<(typeof SAMPLED_STATES)[number], number>>),
          bounded(q.getWorkersCount()),
        ])));
        const counts = each.some(([c]) => c === null) ? null : sumCounts(each.map(([c]) => c!));
        const workers = each.some(([, w]) => w === null) ? null : Math.min(...each.map(([, w]) => w!));
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
