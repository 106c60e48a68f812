import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { coalesceWrites } from './coalesce-writes';

/**
 * A connected client: one Redis/DragonFly, or an ioredis Cluster (Redis Cluster, or DragonFly in
 * emulated cluster mode). Both share ioredis's command interface.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: a single node at `REDIS_URL`, or a cluster seeded with `REDIS_CLUSTER_NODES`. */
export interface RedisTarget {
  REDIS_URL: string;
  /** `host:port` seeds (BaseEnv parses `REDIS_CLUSTER_NODES=host:port,…` into this list). */
  REDIS_CLUSTER_NODES?: readonly string[] | undefined;
  /** Coalesce each event-loop turn's commands into one socket write (default true; see coalesce-writes.ts). */
  REDIS_COALESCE_WRITES?: boolean | undefined;
}

export type RedisRole = 'producer' | 'worker' | 'subscriber';

/** The options of one role (see {@link createRedis}). */
function roleOptions(role: RedisRole): RedisOptions {
  return {
    lazyConnect: false,
    // Never ioredis's auto-pipelining: a script defined (defineCommand) while an auto-pipeline batch
    // was open crashed the process ("pipeline[functionName] is not a function", then "results[i] is
    // not iterable" thrown from a callback). Write coalescing (coalesce-writes.ts) saves the same
    // system calls below ioredis, without touching how commands are queued.
    enableAutoPipelining: false,
    retryStrategy: (times) => Math.min(50 * times, 1000),
    ...(role === 'producer'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true }),
  };
}

/** Credentials (and TLS) of a redis:// or rediss:// URL, for the nodes of a cluster. */
export function credentialsOf(url: string): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  const u = new URL(url);
  const out: Pick<RedisOptions, 'username' | 'password' | 'tls'> = {};
  if (u.username) out.username = decodeURIComponent(u.username);
  if (u.password) out.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') out.tls = {};
  return out;
}

/** `host:port` → `{ host, port }` (IPv6 in brackets allowed). */
export function parseNode(node: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(node.trim());
  if (!m) throw new Error(`not a host:port: ${node}`);
  return { host: m[1]!, port: Number(m[2]) };
}

/**
 * The ioredis Cluster options for `role`. Each node connection gets the role's options and the
 * credentials of REDIS_URL; what ioredis decides per cluster (offline queue, auto-pipelining,
 * reconnects) is set at the cluster level:
 * - `maxRetriesPerRequest: null` on the nodes for worker/subscriber roles: BullMQ requires it for
 *   its blocking connections (it reads `options.redisOptions` of a Cluster);
 * - node connections never reconnect on their own (ioredis's rule: a lost node is found again
 *   through a slots refresh), the cluster does, with the role's back-off;
 * - `slotsRefreshTimeout` 2 s (the default 1 s trips on a busy 2-core box), ready check on
 *   (`CLUSTER INFO` says `cluster_state:ok`).
 */
export function clusterOptions(target: RedisTarget, role: RedisRole, extra: RedisOptions = {}): ClusterOptions {
  const { retryStrategy, enableOfflineQueue, enableAutoPipelining, lazyConnect, ...node } = { ...roleOptions(role), ...extra };
  return {
    redisOptions: { ...credentialsOf(target.REDIS_URL), ...node },
    clusterRetryStrategy: (times) => (retryStrategy ? (retryStrategy(times) ?? null) : Math.min(100 + times * 2, 2000)),
    enableOfflineQueue: enableOfflineQueue ?? true,
    enableAutoPipelining: enableAutoPipelining ?? false,
    lazyConnect: lazyConnect ?? false,
    enableReadyCheck: true,
    slotsRefreshTimeout: 2000,
    // MOVED/ASK/CLUSTERDOWN/TRYAGAIN during a failover or a resharding: retried, not failed.
    maxRedirections: 16,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
  };
}

/**
 * A Redis connection for this project. `role` picks the options BullMQ wants:
 * - `worker`/`subscriber`: blocking or long-lived, retry forever (maxRetriesPerRequest null);
 * - `producer`: fail fast while Redis is down so callers can fall back instead of hanging.
 *
 * `target` is REDIS_URL (always a single node), or the config (`{ REDIS_URL, REDIS_CLUSTER_NODES }`):
 * with cluster nodes set, the connection is an ioredis `Cluster` seeded with them, REDIS_URL
 * lending its credentials. Pass the config so that REDIS_CLUSTER_NODES switches every connection.
 *
 * Typed `Redis` on purpose, also when it is a `Cluster`, so that the many call sites and packages
 * typed `Redis` keep compiling: every member the project uses exists on `Cluster` with the same
 * signature — commands (get/set/…/xreadgroup/xautoclaim via `call`), `eval`/`evalsha`/
 * `defineCommand`, `multi`/`pipeline` (all keys of one call share the `{npc}` hashtag, hence one
 * slot), `subscribe`/`psubscribe` + the `message` event (PUBLISH is broadcast cluster-wide),
 * `duplicate`, `status`, `quit`, `disconnect`, `on`. The members only `Redis` has (`stream`,
 * `condition`, `mode`, `monitor`, `scanStream`, …) are used nowhere, and SCAN must not be sent
 * through a Cluster (it reaches one node): use {@link redisNodes} for that. Use
 * {@link createRedisClient} where the honest union type is wanted.
 */
export function createRedis(target: string | RedisTarget, role: RedisRole, extra: RedisOptions = {}): Redis {
  return createRedisClient(target, role, extra) as Redis;
}

/** As {@link createRedis}, typed as what it is: a `Redis` or a `Cluster`. */
export function createRedisClient(target: string | RedisTarget, role: RedisRole, extra: RedisOptions = {}): RedisClient {
  const coalesce = typeof target === 'string' || target.REDIS_COALESCE_WRITES !== false;
  const single = (url: string) => {
    const redis = new Redis(url, { ...roleOptions(role), ...extra });
    if (coalesce) coalesceWrites(redis);
    return redis;
  };
  if (typeof target === 'string') return single(target);
  const nodes = target.REDIS_CLUSTER_NODES?.filter((n) => n.trim() !== '') ?? [];
  if (nodes.length === 0) return single(target.REDIS_URL);
  const cluster = new Cluster(nodes.map(parseNode), clusterOptions(target, role, extra));
  if (coalesce) cluster.on('+node', (node: Redis) => coalesceWrites(node));
  return cluster;
}

export function isCluster(client: RedisClient): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

/**
 * The connections to run a node-local command on (SCAN, INFO, DBSIZE): the client itself for a
 * single node, each master of a cluster (after its slots are known).
 */
export async function redisNodes(client: RedisClient): Promise<Redis[]> {
  if (!isCluster(client)) return [client];
  if (client.status !== 'ready') await waitReady(client, 10_000);
  return client.nodes('master');
}

/** Resolves once `redis` is ready, or rejects after `ms`. */
export function waitReady(redis: RedisClient, ms = 5000): Promise<void> {
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
export async function closeRedis(redis: RedisClient, ms = 1000): Promise<void> {
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
