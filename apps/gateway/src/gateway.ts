import { Queue } from 'bullmq';
import { AgentRuntime, deadlinePolicyFrom, DialogueStore, LeaseManager, MEMORY_LOG_GROUP, MemoryStore, WorldKnowledge } from '@npc/agent';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { closeRedis, createRedis, withTimeout, type GatewayEnv } from '@npc/config';
import { QUEUES, decisionKeys, queuePrefix, queuePrefixes, redisKeys, type DecisionRecord } from '@npc/contracts';
import { DailyBudget } from '@npc/cost';
import { createDatabase, createRepositories } from '@npc/persistence';
import {
  Backpressure, BatchWriter, DECISION_LOG_GROUP, DecisionCache, Enqueuer, InferenceStatusWatcher, LlmStatusWatcher, RecentDecisions, ReplyListener,
  ReplyStore, ShardedLogWriter, StreamLogWriter, decisionLogKind, memoryLogKind,
} from '@npc/pipeline';
import { buildApp } from './app';
import { AdminSessions } from './admin-sessions';
import { Authenticator } from './auth';
import { DecisionService } from './decision-service';
import type { GatewayDeps } from './deps';
import { DecisionMetrics } from './metrics/decision-metrics';
import { OpsSampler } from './metrics/ops-sampler';
import { NpcCache } from './npc-cache';
import { loadWorldAtStart } from '@npc/world';

export interface RunningGateway {
  app: FastifyInstance;
  deps: GatewayDeps;
  /** The base URL it listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/**
 * Connects everything the gateway needs and starts listening. Start-up does not require Redis or
 * PostgreSQL to be up: the process starts, `/health/ready` says 503 until they are, and decisions
 * are answered from in-process rules meanwhile.
 */
export async function startGateway(config: GatewayEnv, log: Logger): Promise<RunningGateway> {
  loadWorldAtStart(config.WORLD_FILE, log);
  const keys = redisKeys(config.QUEUE_PREFIX);
  const shards = decisionKeys(config.QUEUE_PREFIX, config.DECISION_SHARDS, { legacy: config.DECISION_SHARDS_LEGACY });
  // Every decision-log stream this gateway writes to PostgreSQL: one per shard, and the one-shard stream while migrating.
  const decisionLogs = [...shards.logs, ...(shards.legacy?.logs ?? [])];
  const redis = createRedis(config, 'producer', { connectionName: `gateway:${config.INSTANCE_ID}` });
  const sub = createRedis(config, 'subscriber', { connectionName: `gateway-sub:${config.INSTANCE_ID}` });
  const logRedis = createRedis(config, 'worker', { connectionName: `gateway-log:${config.INSTANCE_ID}` });
  for (const [name, conn] of Object.entries({ redis, sub, logRedis })) {
    conn.on('error', (err: Error) => log.debug({ conn: name, err: err.message }, 'redis connection error'));
  }
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'npc-gateway' });
  const repos = createRepositories(database.db);
  // The rules queue: RULES_QUEUE_SHARDS queues, a decision's job in the one of its hash.
  const rulesQueues = queuePrefixes(config.QUEUE_PREFIX, QUEUES.rules, config.RULES_QUEUE_SHARDS).map((prefix) => new Queue(QUEUES.rules, { connection: redis, prefix }));
  const rulesQueue = rulesQueues[0]!;
  for (const q of rulesQueues) q.on('error', (err) => log.debug({ err: err.message }, 'rules queue error'));
  const metrics = new DecisionMetrics(log);
  const replies = new ReplyListener(sub, keys.replyChannel(config.INSTANCE_ID), log);
  const llmQueue = new Queue(QUEUES.llm, { connection: redis, prefix: queuePrefix(config.QUEUE_PREFIX, QUEUES.llm) });
  llmQueue.on('error', (err) => log.debug({ err: err.message }, 'llm queue error'));
  const inferenceQueue = new Queue(QUEUES.inference, { connection: redis, prefix: queuePrefix(config.QUEUE_PREFIX, QUEUES.inference) });
  inferenceQueue.on('error', (err) => log.debug({ err: err.message }, 'inference queue error'));
  const enqueuer = new Enqueuer({ rules: rulesQueues, inference: inferenceQueue, llm: llmQueue }, { windowMs: config.ENQUEUE_BATCH_MS, maxBatch: config.ENQUEUE_BATCH_MAX });
  const llmStatus = new LlmStatusWatcher(redis, config.QUEUE_PREFIX);
  // The inference route: open while some inference worker's fresh heartbeat says a model is loaded.
  const inferenceStatus = new InferenceStatusWatcher(redis, config.QUEUE_PREFIX);
  const cache = new DecisionCache(redis, { prefix: config.QUEUE_PREFIX, exactTtlS: config.LLM_CACHE_TTL_S, intentTtlS: config.LLM_INTENT_CACHE_TTL_S });
  const budget = new DailyBudget(redis, { prefix: config.QUEUE_PREFIX, dailyBudgetUsd: config.LLM_DAILY_BUDGET_USD, timeZone: config.LLM_BUDGET_TZ });
  // Decisions made while Redis is down (or its log stream is full) skip the Redis decision log and
  // go to PostgreSQL from here; rows PostgreSQL refuses become dead letters, as in the stream writer.
  const decisionKind = decisionLogKind(repos.decisions);
  const offlineLog = new BatchWriter<DecisionRecord>(decisionKind, log, { deadLetters: repos.deadLetters, counters: metrics.logs });
  // …and the decisions answered last are stored again if Redis comes back having lost log entries.
  const recent = config.RECENT_DECISIONS_KEPT > 0
    ? new RecentDecisions((records) => records.forEach((r) => offlineLog.push(r)), log, config.RECENT_DECISIONS_KEPT)
    : undefined;
  if (recent) {
    replies.tap((json) => recent.remember(json));
    recent.watch(redis);
  }
  const npcs = new NpcCache(redis, repos.npcs, config.QUEUE_PREFIX, config.NPC_CACHE_TTL_MS);
  replies.on(npcs.invalidationChannel, (id) => npcs.drop(id));
  metrics.roleOf = (id) => npcs.peek(id)?.role;
  const queues = { [QUEUES.rules]: rulesQueues, [QUEUES.inference]: inferenceQueue, [QUEUES.llm]: llmQueue };
  const ops = new OpsSampler((sample) => metrics.observe(sample), { queues, budget, llmStatus, inferenceStatus });
  // The agent layer: the intention registry, world events (restored from PostgreSQL if Redis lost
  // them) and the NPC memories' PostgreSQL copy (fed from the workers' memory stream).
  const agent = {
    leases: new LeaseManager(redis, config.QUEUE_PREFIX),
    world: new WorldKnowledge(redis, config.QUEUE_PREFIX),
    memory: new MemoryStore(redis, config.QUEUE_PREFIX, { cold: repos.memories, grudgeHalfLifeMs: config.GRUDGE_HALF_LIFE_H * 3_600_000 }),
  };
  const replyStore = new ReplyStore(redis, { prefix: config.QUEUE_PREFIX, ttlS: config.REPLY_STORE_TTL_S });
  // Backpressure: queue depths, oldest jobs and the log streams' length, sampled (never per request).
  const backpressure = new Backpressure(redis, {
    prefix: config.QUEUE_PREFIX, rulesShards: config.RULES_QUEUE_SHARDS, queues: [QUEUES.rules, QUEUES.inference, QUEUES.llm],
    maxDepth: config.SHED_QUEUE_DEPTH, maxAgeMs: config.SHED_JOB_AGE_MS, sampleMs: config.SHED_SAMPLE_MS,
    streams: [{ log: decisionKind.name, key: decisionLogs }, { log: 'memory-log', key: agent.memory.logKey }], streamCap: config.LOG_STREAM_MAX_LEN,
  }, { streamLength: metrics.logs.streamLength, streamCap: metrics.logs.streamCap, queueAge: metrics.queueOldestAge });
  const decisions = new DecisionService({
    redis, prefix: config.QUEUE_PREFIX, decisionKeys: shards, instanceId: config.INSTANCE_ID, decisionTtlS: config.DECISION_TTL_S,
    idempotencyTtlS: config.IDEMPOTENCY_TTL_S, deadlines: deadlinePolicyFrom(config), enqueuer, replies,
    store: repos.decisions, offlineLog, metrics, log, backpressure, ...(recent ? { recent } : {}),
    agent: new AgentRuntime({ memory: agent.memory, leases: agent.leases, log, dialogue: new DialogueStore(redis, config.QUEUE_PREFIX, { ttlMs: config.DIALOGUE_TTL_S * 1000 }) }),
    defaultLanguage: config.NPC_DEFAULT_LANGUAGE,
    ...(replyStore.enabled ? { replyStore } : {}),
    ...(config.LLM_ROUTE === 'auto' ? { llm: { status: llmStatus, ...(cache.enabled ? { cache } : {}) } } : {}),
    ...(config.INFERENCE_ROUTE === 'auto' ? { inference: { status: inferenceStatus } } : {}),
  });
  // The two logs' stream→PostgreSQL writers: one generic writer (split on a refused row, dead
  // letters, nil entries skipped). The decision log blocks on its own connection (polls it, over
  // several shards' streams); the memory log polls.
  const logWriter = config.DECISION_LOG_WRITER
    ? new ShardedLogWriter(logRedis, decisionKind, repos.deadLetters, log, decisionLogs,
      { group: DECISION_LOG_GROUP, consumer: config.INSTANCE_ID, batch: config.DECISION_LOG_BATCH, blockMs: 200, lingerMs: config.LOG_LINGER_MS }, metrics.logs)
    : undefined;

  let closing = false;
  const memoryLog = config.DECISION_LOG_WRITER
    ? new StreamLogWriter(redis, memoryLogKind(repos.memories), repos.deadLetters, log,
      { streamKey: agent.memory.logKey, group: MEMORY_LOG_GROUP, consumer: config.INSTANCE_ID, batch: 200, lingerMs: config.LOG_LINGER_MS }, metrics.logs)
    : undefined;
  const deps: GatewayDeps = {
    config, log, redis, database, repos, rulesQueue, metrics, npcs, decisions, budget, llmStatus, inferenceStatus, answerCache: cache, replyStore,
    authenticator: new Authenticator(repos.apiKeys, { ttlMs: config.API_KEY_CACHE_TTL_MS, idRefreshMs: config.API_KEY_ID_REFRESH_MS }),
    shuttingDown: () => closing,
    agent,
    queues,
    ops,
    backpressure,
    adminSessions: new AdminSessions(redis, config.QUEUE_PREFIX),
  };
  const app = await buildApp(deps);
  // Subscribe before listening so no reply can be missed. When Redis is down at start the
  // subscription waits in ioredis's offline queue and the gateway starts anyway (rules fallback).
  await withTimeout(replies.start(), 2000).catch((err: unknown) => log.warn({ err: String(err) }, 'reply channel not subscribed yet (Redis down?); it will be once Redis is reachable'));
  logWriter?.start();
  memoryLog?.start();
  void repos.worldEvents.active().then((events) => agent.world.restore(events)).catch((err: unknown) => log.debug({ err: String(err) }, 'world events not restored (Redis or PostgreSQL down?)'));
  if (config.LLM_ROUTE === 'auto') llmStatus.start();
  // Also watched with the route off, for the metrics and the dashboard (the router ignores it then).
  inferenceStatus.start();
  ops.start();
  backpressure.start();
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  log.info({ address, instance: config.INSTANCE_ID, prefix: config.QUEUE_PREFIX, decisionShards: shards.shards }, 'gateway listening');

  return {
    app,
    deps,
    url: address.replace('[::1]', '127.0.0.1'),
    async close() {
      closing = true;
      llmStatus.stop();
      inferenceStatus.stop();
      ops.stop();
      backpressure.stop();
      if (config.SHUTDOWN_DRAIN_MS > 0) await new Promise((r) => setTimeout(r, config.SHUTDOWN_DRAIN_MS));
      // Stops accepting and waits for in-flight requests (each bounded by its deadline); sockets that
      // go idle meanwhile are closed as they do, so keep-alive clients cannot hold the close open.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close().finally(() => clearInterval(reaper));
      await withTimeout(decisions.drain(), 5000).catch(() => undefined);
      await withTimeout(enqueuer.drain(), 2000).catch(() => log.warn('queue adds still pending at shutdown (Redis down?)'));
      await logWriter?.stop();
      await memoryLog?.stop();
      await offlineLog.close();
      await withTimeout(Promise.all([...rulesQueues.map((q) => q.close()), inferenceQueue.close(), llmQueue.close()]), 2000).catch(() => undefined);
      await Promise.all([closeRedis(redis), closeRedis(sub), closeRedis(logRedis)]);
      await database.close();
    },
  };
}
