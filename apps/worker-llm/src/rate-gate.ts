import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ProviderRateGate } from '@npc/llm';

/**
 * A sliding-window log per provider: a sorted set of the requests sent in the last `window` ms,
 * scored by the Redis server's clock (one clock for every worker host). Takes a slot when fewer
 * than `limit` are in the window, else returns the ms until the oldest one leaves it.
 */
const TAKE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window + 1000)
return 0
`;

interface WithTake {
  npcRateTake(key: string, limit: number, windowMs: number, member: string): Promise<number>;
}

/** The Redis key of a provider's window (in the prefix's slot, like every key of ours). */
export const providerRateKey = (prefix: string, provider: string) => `${prefix}:llm-rate:${provider}`;

/**
 * The per-provider requests-per-window limit shared by every LLM worker (`rpm` of a provider in
 * LLM_PROVIDERS, per LLM_RATE_WINDOW_MS — a minute unless shortened for tests).
 */
export function redisRateGate(redis: Redis, opts: { prefix: string; windowMs: number; workerId: string }): ProviderRateGate {
  const r = redis as Redis & Partial<WithTake>;
  if (!r.npcRateTake) redis.defineCommand('npcRateTake', { numberOfKeys: 1, lua: TAKE_LUA });
  const gate = r as Redis & WithTake;
  // Members must be unique across every gate (several clients may share a worker id): id + counter.
  const self = `${opts.workerId}:${randomBytes(4).toString('hex')}`;
  let seq = 0;
  return {
    async take(provider) {
      if (provider.rpm === undefined) return 0;
      return Number(await gate.npcRateTake(providerRateKey(opts.prefix, provider.name), provider.rpm, opts.windowMs, `${self}:${++seq}`));
    },
  };
}
