import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { clusterOptions, closeRedis, createRedis, createRedisClient, credentialsOf, isCluster, parseNode, redisNodes, waitReady } from './redis';
import { BaseEnv, loadConfig } from './env';

describe('createRedis: single node or cluster', () => {
  it('a URL or a config without cluster nodes: one Redis', async () => {
    const a = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker', { lazyConnect: true });
    const b = createRedisClient(loadConfig(BaseEnv, {}), 'producer', { lazyConnect: true });
    expect(a).toBeInstanceOf(Redis);
    expect(b).toBeInstanceOf(Redis);
    expect(isCluster(b)).toBe(false);
    expect(await redisNodes(b)).toEqual([b]);
    await Promise.all([closeRedis(a), closeRedis(b)]);
  });

  it('REDIS_CLUSTER_NODES: an ioredis Cluster with the role options and the credentials of REDIS_URL', async () => {
    const config = loadConfig(BaseEnv, { REDIS_URL: 'rediss://ops:s%40cret@redis.internal:6380', REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' });
    expect(config.REDIS_CLUSTER_NODES).toEqual(['10.0.0.1:7000', '10.0.0.2:7001']);
    const c = createRedisClient(config, 'worker', { lazyConnect: true, connectionName: 'w' });
    expect(c).toBeInstanceOf(Cluster);
    expect(isCluster(c)).toBe(true);
    c.disconnect();
    const worker = clusterOptions(config, 'worker', { connectionName: 'w' });
    expect(worker.redisOptions).toMatchObject({ username: 'ops', password: 's@cret', tls: {}, maxRetriesPerRequest: null, connectionName: 'w' });
    expect(worker.enableOfflineQueue).toBe(true);
    const producer = clusterOptions(config, 'producer');
    expect(producer.redisOptions).toMatchObject({ maxRetriesPerRequest: 1, connectTimeout: 2000 });
    expect(producer.enableOfflineQueue).toBe(false);
    expect(producer.enableAutoPipelining).toBe(false);
    expect(producer.clusterRetryStrategy?.(3, new Error('x'))).toBe(150);
  });

  it('parses host:port seeds and URL credentials', () => {
    expect(parseNode(' 127.0.0.1:7000 ')).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(parseNode('[::1]:7001')).toEqual({ host: '::1', port: 7001 });
    expect(() => parseNode('nope')).toThrow();
    expect(credentialsOf('redis://127.0.0.1:6379')).toEqual({});
    expect(() => loadConfig(BaseEnv, { REDIS_CLUSTER_NODES: 'a:1,b' })).toThrow(/REDIS_CLUSTER_NODES/);
  });
});

describe('createRedis: scripts defined under load', () => {
  it('a script defined while other commands of the same turn are pending: every command answered', async () => {
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer');
    const key = `redis-test:${process.pid}:${Date.now()}`;
    try {
      await waitReady(redis);
      const gets = Array.from({ length: 20 }, () => redis.get(key));
      redis.defineCommand('npcTestEcho', { numberOfKeys: 1, lua: "return ARGV[1] .. '@' .. KEYS[1]" });
      const echoed = (redis as unknown as { npcTestEcho(k: string, v: string): Promise<string> }).npcTestEcho(key, 'hi');
      const more = Array.from({ length: 20 }, () => redis.get(key));
      expect(await Promise.all(gets)).toEqual(Array(20).fill(null));
      expect(await echoed).toBe(`hi@${key}`);
      expect(await Promise.all(more)).toEqual(Array(20).fill(null));
    } finally {
      await closeRedis(redis);
    }
  });
});
