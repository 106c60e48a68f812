import type { Redis } from 'ioredis';
import { redisKeys } from '@npc/contracts';
import { HeartbeatWatcher, publishHeartbeat, removeHeartbeat } from './heartbeats';

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
  await publishHeartbeat(redis, redisKeys(prefix).llmStatus, workerId, status);
}

export async function removeLlmStatus(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await removeHeartbeat(redis, redisKeys(prefix).llmStatus, workerId);
}

/**
 * The gateway's view of the LLM route: polls the workers' heartbeats. The route is available when
 * some worker reported itself available within `staleMs`. Redis down → unavailable.
 */
export class LlmStatusWatcher extends HeartbeatWatcher<LlmWorkerStatus> {
  constructor(redis: Redis, prefix: string, opts: { intervalMs?: number; staleMs?: number } = {}) {
    super(redis, { key: redisKeys(prefix).llmStatus, isAvailable: (s) => s.available, ...opts });
  }
}
