import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { redisRateGate } from './rate-gate';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('shared per-provider rate limit (Redis sliding window)', () => {
  const prefix = isolatedEnv().QUEUE_PREFIX;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  afterAll(async () => {
    await deleteRedisPrefix(prefix, REDIS_URL);
    redis.disconnect();
  });

  it('two gates on two connections never take more than the limit per window', async () => {
    const other = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const gates = [redisRateGate(redis, { prefix, windowMs: 400, workerId: 'a' }), redisRateGate(other, { prefix, windowMs: 400, workerId: 'b' })];
      const provider = { name: 'p', rpm: 7 } as Parameters<(typeof gates)[0]['take']>[0];
      const burst = async () => (await Promise.all(Array.from({ length: 40 }, (_, i) => gates[i % 2]!.take(provider)))).filter((w) => w === 0).length;
      const first = await burst();
      const waits = (await Promise.all(Array.from({ length: 4 }, () => gates[0]!.take(provider)))).filter((w) => w > 0);
      await new Promise((r) => setTimeout(r, 450));
      const second = await burst();
      expect(first).toBe(7);
      expect(waits.length).toBe(4);
      expect(Math.max(...waits)).toBeLessThanOrEqual(400);
      expect(second).toBe(7);
    } finally {
      other.disconnect();
    }
  });
});
