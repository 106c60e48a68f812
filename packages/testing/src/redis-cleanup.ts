import { Cluster, Redis } from 'ioredis';
import { keyPatterns } from '@npc/contracts';

/** A single node (a URL) or a cluster (seed nodes as `host:port`, a list or a comma-separated string). */
export type RedisCleanupTarget = string | { REDIS_URL?: string | undefined; REDIS_CLUSTER_NODES?: string | readonly string[] | undefined };

const fromEnv = (): RedisCleanupTarget => ({ REDIS_URL: process.env.REDIS_URL, REDIS_CLUSTER_NODES: process.env.REDIS_CLUSTER_NODES });

/**
 * Deletes every key under `prefix` and the hashtags derived from it (queues, decision shards:
 * `keyPatterns`) (SCAN, never KEYS). On a cluster each master is scanned (SCAN
 * is node-local) and the keys are deleted through the cluster, so keys of any slot go.
 */
export async function deleteRedisPrefix(prefix: string, target: RedisCleanupTarget = fromEnv()): Promise<number> {
  const url = (typeof target === 'string' ? target : target.REDIS_URL) ?? 'redis://127.0.0.1:6379';
  const rawNodes = typeof target === 'string' ? undefined : target.REDIS_CLUSTER_NODES;
  const nodes = (typeof rawNodes === 'string' ? rawNodes.split(',') : [...(rawNodes ?? [])]).map((n) => n.trim()).filter(Boolean);
  let deleted = 0;
  const scanDelete = async (scanOn: Redis, del: (keys: string[]) => Promise<number>) => {
    for (const pattern of keyPatterns(prefix)) {
      let cursor = '0';
      do {
        const [next, keys] = await scanOn.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await del(keys);
      } while (cursor !== '0');
    }
  };
  if (nodes.length === 0) {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      await scanDelete(redis, (keys) => redis.unlink(...keys));
    } finally {
      redis.disconnect();
    }
    return deleted;
  }
  const u = new URL(url);
  const cluster = new Cluster(
    nodes.map((n) => ({ host: n.slice(0, n.lastIndexOf(':')).replace(/^\[|\]$/g, ''), port: Number(n.slice(n.lastIndexOf(':') + 1)) })),
    { redisOptions: { maxRetriesPerRequest: 1, ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}) } },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('redis cluster not ready after 10 s')), 10_000);
      cluster.once('ready', () => {
        clearTimeout(t);
        resolve();
      });
    });
    for (const master of cluster.nodes('master')) {
      // One UNLINK per key through the cluster: the keys of one SCAN page may span slots.
      await scanDelete(master, async (keys) => (await Promise.all(keys.map((k) => cluster.unlink(k)))).reduce((a, b) => a + b, 0));
    }
  } finally {
    cluster.disconnect();
  }
  return deleted;
}
