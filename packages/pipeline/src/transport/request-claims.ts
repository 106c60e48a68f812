import type { Cluster, Redis } from 'ioredis';
import type { DecisionKeys } from '@npc/contracts';

type RedisLike = Redis | Cluster;

/**
 * Claims `requestId` (per API key) for `decisionId` in the claim's shard: SET NX GET, so the first
 * gateway wins and every later one gets its decision id (returned; null when this call won). While
 * an installation moves from one shard to N (`keys.legacy`), a claim made before the switch wins:
 * it is read first (nothing writes that layout any more, so reading it first cannot race).
 */
export async function claimRequestId(redis: RedisLike, keys: DecisionKeys, apiKeyId: string, requestId: string, decisionId: string, ttlS: number): Promise<string | null> {
  if (keys.legacy) {
    const earlier = await redis.get(keys.legacy.idempotency(apiKeyId, requestId));
    if (earlier) return earlier;
  }
  return (await redis.call('SET', keys.idempotency(apiKeyId, requestId), decisionId, 'NX', 'GET', 'EX', ttlS)) as string | null;
}

/** Whether an accepted async decision is still unanswered (its pending marker, in either layout while migrating). */
export async function isPending(redis: RedisLike, keys: DecisionKeys, decisionId: string): Promise<boolean> {
  if (await redis.exists(keys.pending(decisionId))) return true;
  return keys.legacy ? (await redis.exists(keys.legacy.pending(decisionId))) > 0 : false;
}
