import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { isolatedEnv } from './names';
import { deleteRedisPrefix } from './redis-cleanup';

/**
 * A test file's own Redis key prefix and connection (connects on first use); after the file's
 * tests the connection is closed and every key under the prefix deleted. Call at module or
 * `describe` level.
 */
export function useTestRedis(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): { prefix: string; redis: Redis } {
  const { QUEUE_PREFIX: prefix } = isolatedEnv();
  const redis = new Redis(url, { lazyConnect: true });
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisPrefix(prefix);
  });
  return { prefix, redis };
}
