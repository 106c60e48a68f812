import type { Redis } from 'ioredis';
import { redisKeys } from '@npc/contracts';

export interface LlmWorkerStatus {
  /** Epoch ms of the heartbeat. */
  at: number;
  /** At least one provider would take a request and the budget has room. */
  available: boolean;
  providers: { name: string; state: string; available: boolean }[];
  budget: { day: string; budgetUsd: number; spentUsd: number; remainingUsd: number };
}

/** An LLM worker announces itself (every second or so); stale entries are ignored and pruned. */
export async function publishLlmStatus(redis: Redis, prefix: string, workerId: string, status: LlmWorkerStatus): Promise<void> {
  await redis.hset(redisKeys(prefix).llmStatus, workerId, JSON.stringify(status));
}

export async function removeLlmStatus(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.hdel(redisKeys(prefix).llmStatus, workerId);
}

/**
 * The gateway's view of the LLM route: polls the workers' heartbeats. The route is available when
 * some worker reported itself available within `staleMs`. Redis down → unavailable.
 */
export class LlmStatusWatcher {
  private timer: NodeJS.Timeout | undefined;
  private availableUntil = 0;
  private last: Record<string, LlmWorkerStatus> = {};

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly opts: { intervalMs?: number; staleMs?: number } = {},
  ) {}

  get available(): boolean {
    return Date.now() < this.availableUntil;
  }

  get workers(): Record<string, LlmWorkerStatus> {
    return this.last;
  }

  start(): void {
    const tick = () => {
      void this.refresh().finally(() => {
        this.timer = setTimeout(tick, this.opts.intervalMs ?? 1000);
        this.timer.unref();
      });
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  async refresh(): Promise<void> {
    const stale = this.opts.staleMs ?? 5000;
    try {
      const all = await this.redis.hgetall(redisKeys(this.prefix).llmStatus);
      const now = Date.now();
      const fresh: Record<string, LlmWorkerStatus> = {};
      let until = 0;
      for (const [id, json] of Object.entries(all)) {
        const s = JSON.parse(json) as LlmWorkerStatus;
        if (now - s.at > stale) continue;
        fresh[id] = s;
        if (s.available) until = Math.max(until, s.at + stale);
      }
      this.last = fresh;
      this.availableUntil = until;
    } catch {
      this.availableUntil = 0;
    }
  }
}
