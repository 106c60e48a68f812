import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for this project. `role` picks the options BullMQ wants:
 * - `worker`/`subscriber`: blocking or long-lived, retry forever (maxRetriesPerRequest null);
 * - `producer`: fail fast while Redis is down so callers can fall back instead of hanging.
 */
export function createRedis(url: string, role: 'producer' | 'worker' | 'subscriber', extra: RedisOptions = {}): Redis {
  const base: RedisOptions = {
    lazyConnect: false,
    enableAutoPipelining: role === 'producer',
    retryStrategy: (times) => Math.min(50 * times, 1000),
    ...(role === 'producer'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true }),
  };
  return new Redis(url, { ...base, ...extra });
}

/** Resolves once `redis` is ready, or rejects after `ms`. */
export function waitReady(redis: Redis, ms = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      cleanup();
      reject(new Error(`redis not ready after ${ms} ms`));
    }, ms);
    const ok = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(t);
      redis.off('ready', ok);
    };
    redis.on('ready', ok);
  });
}

/** Closes a connection: QUIT when connected (bounded by `ms`), otherwise drop it at once. */
export async function closeRedis(redis: Redis, ms = 1000): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  const timer = setTimeout(() => redis.disconnect(), ms);
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
