import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { closeRedis, createRedis, type LlmWorkerEnv } from '@npc/config';
import { QUEUES } from '@npc/contracts';
import { BudgetAlerts, DailyBudget, LlmQuota, budgetGate, estimatePromptTokens, reconcileExpired, restoreSpentFromLedger } from '@npc/cost';
import { LlmClient, parseProviders, redisRateGate, type LlmCallRecord } from '@npc/llm';
import { createDatabase, createRepositories, type NewLlmCall } from '@npc/persistence';
import { BatchWriter, DecisionCache, LogWriterMetrics, ReplyStore, agentOptionsFrom, createLlmStage, ledgerLogKind, logStageFailures, publishLlmStatus, removeLlmStatus, stageWorkerOptions } from '@npc/pipeline';
import { LlmWorkerMetrics } from './metrics';
import { loadWorldAtStart } from '@npc/world';

export interface RunningLlmWorker {
  worker: Worker;
  client: LlmClient;
  budget: DailyBudget;
  metrics: LlmWorkerMetrics;
  close(): Promise<void>;
}

/** The LLM worker: config → connections → a BullMQ Worker whose processor calls the LLM stage. */
export function startLlmWorker(config: LlmWorkerEnv, log: Logger, env: NodeJS.ProcessEnv = process.env): RunningLlmWorker {
  loadWorldAtStart(config.WORLD_FILE, log);
  const workerId = `${hostname()}:${process.pid}`;
  const providers = parseProviders(config.LLM_PROVIDERS, env);
  if (providers.length === 0) log.warn('no LLM providers configured (LLM_PROVIDERS): the LLM route is off; jobs that arrive are answered by rules');
  const connection = createRedis(config, 'worker', { connectionName: `worker-llm:${process.pid}` });
  const commands = createRedis(config, 'worker', { connectionName: `worker-llm-cmd:${process.pid}` });
  for (const c of [connection, commands]) c.on('error', (err: Error) => log.debug({ err: err.message }, 'redis connection error'));
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-worker-llm' });
  const repos = createRepositories(database.db);

  const metrics = new LlmWorkerMetrics();
  metrics.start(config, log);
  const alerts = new BudgetAlerts({ logger: log, registry: metrics.registry, ...(config.BUDGET_ALERT_WEBHOOK_URL ? { webhookUrl: config.BUDGET_ALERT_WEBHOOK_URL } : {}) });
  const budget = new DailyBudget(commands, {
    prefix: config.QUEUE_PREFIX,
    dailyBudgetUsd: config.LLM_DAILY_BUDGET_USD,
    timeZone: config.LLM_BUDGET_TZ,
    logger: log,
    onAlert: (crossing) => alerts.notify(crossing),
  });
  const client = new LlmClient({
    providers,
    maxTokens: config.LLM_MAX_TOKENS,
    breakerThreshold: config.LLM_BREAKER_THRESHOLD,
    breakerCooldownMs: config.LLM_BREAKER_COOLDOWN_MS,
    ...(config.LLM_HEDGE_AFTER_MS > 0 ? { hedgeAfterMs: config.LLM_HEDGE_AFTER_MS } : {}),
    estimateTokens: (messages) => estimatePromptTokens([...messages]),
    // Providers with an `rpm`: one sliding window per provider in Redis, shared by every LLM worker.
    rateGate: redisRateGate(commands, { prefix: config.QUEUE_PREFIX, windowMs: config.LLM_RATE_WINDOW_MS, workerId }),
  });
  metrics.watch(() => client.health());
  // The tokenizer loads its tables at its first use (≈ 1 s of CPU): here, not in the first
  // decision, whose deadline it would eat (and whose sent request would then be billed unanswered).
  estimatePromptTokens([{ role: 'system', content: 'warm-up' }]);
  // A ledger row PostgreSQL refuses is set aside as a dead letter, never blocking the others.
  const ledger = new BatchWriter<NewLlmCall>(ledgerLogKind(repos.ledger), log, { flushMs: 200, deadLetters: repos.deadLetters, counters: new LogWriterMetrics(metrics.registry) });
  const npcOf = new Map<string, { npcId: string; apiKeyId: string }>();
  const onCall = (call: LlmCallRecord) => {
    metrics.onCall(call);
    const who = call.decisionId ? npcOf.get(call.decisionId) : undefined;
    // The ledger row is the call record itself, plus its budget day and who it was for.
    ledger.push({
      ...call,
      id: randomUUID(), // fixed here, so a batch written again after a partial failure adds nothing twice
      day: budget.day(new Date(call.startedAt)),
      ...(who ? { npcId: who.npcId, apiKeyId: who.apiKeyId } : {}),
    });
  };
  const quota = new LlmQuota(commands, {
    prefix: config.QUEUE_PREFIX, perKeyPerDay: config.LLM_QUOTA_PER_KEY_PER_DAY, perPlayerPerDay: config.LLM_QUOTA_PER_PLAYER_PER_DAY, day: () => budget.day(),
  });
  const cache = new DecisionCache(commands, { prefix: config.QUEUE_PREFIX, exactTtlS: config.LLM_CACHE_TTL_S, intentTtlS: config.LLM_INTENT_CACHE_TTL_S });
  const stage = createLlmStage({
    redis: commands,
    prefix: config.QUEUE_PREFIX,
    shards: config.DECISION_SHARDS,
    ttlSeconds: config.DECISION_TTL_S,
    answeredBy: `worker-llm:${workerId}`,
    llm: client,
    budget: budgetGate(budget),
    ...(cache.enabled ? { cache } : {}),
    ...(quota.enabled ? { quota } : {}),
    onCall,
    log,
    agentOptions: agentOptionsFrom(config),
    ...(config.REPLY_STORE_TTL_S > 0 ? { replies: new ReplyStore(commands, { prefix: config.QUEUE_PREFIX, ttlS: config.REPLY_STORE_TTL_S }) } : {}),
  });
  const worker = new Worker(
    QUEUES.llm,
    metrics.stage.wrap(QUEUES.llm, async (job) => {
      const data = job.data as { decisionId?: string; npcRef?: { id?: string }; npc?: { id?: string }; apiKeyId?: string };
      if (data.decisionId) npcOf.set(data.decisionId, { npcId: data.npcRef?.id ?? data.npc?.id ?? '', apiKeyId: data.apiKeyId ?? '' });
      try {
        return await stage(job.data);
      } finally {
        if (data.decisionId) npcOf.delete(data.decisionId);
      }
    }),
    stageWorkerOptions(QUEUES.llm, config, connection, {
      maxStalledCount: 1,
      // BullMQ's limiter is global: every worker of the queue shares the one counter in Redis.
      ...(config.LLM_RATE_LIMIT_PER_MIN > 0 ? { limiter: { max: config.LLM_RATE_LIMIT_PER_MIN, duration: config.LLM_RATE_WINDOW_MS } } : {}),
    }),
  );
  logStageFailures(worker, log, 'llm');
  worker.on('ready', () => log.info({ queue: QUEUES.llm, providers: providers.map((p) => p.name), budgetUsd: config.LLM_DAILY_BUDGET_USD }, 'llm worker ready'));

  // Heartbeat: the gateways route to the LLM only while some LLM worker says it can take work.
  const beat = async () => {
    try {
      const status = await budget.status();
      const health = client.health();
      await publishLlmStatus(commands, config.QUEUE_PREFIX, workerId, {
        at: Date.now(),
        available: health.some((h) => h.available) && status.remainingUsd > 0,
        providers: health.map((h) => ({ name: h.name, state: h.state, available: h.available })),
        budget: { day: status.day, budgetUsd: status.budgetUsd, spentUsd: status.spentUsd, remainingUsd: status.remainingUsd },
      });
      alerts.observe(status);
      metrics.observeBudget(status);
    } catch (err) {
      log.debug({ err: String(err) }, 'llm heartbeat failed');
    }
  };
  void beat();
  const heartbeat = setInterval(beat, 1000);

  // The budget's spent comes back from the ledger when Redis lost it (a restart without
  // persistence, a failover): at start and at every reconnection. It is only ever raised.
  const ledgerCost = (ids: readonly string[]) => repos.ledger.costByReservation(ids);
  const restoreSpent = async () => {
    try {
      const spentUsd = await restoreSpentFromLedger(budget, { ledgerTotal: async (day) => (await repos.ledger.total(day)).costUsd, ledgerCost });
      if (spentUsd > 0) log.info({ day: budget.day(), spentUsd }, 'budget spent checked against the ledger');
    } catch (err) {
      log.warn({ err: String(err) }, 'budget spent not checked against the ledger (Redis or PostgreSQL down?)');
    }
  };
  void restoreSpent();
  commands.on('ready', () => void restoreSpent());
  // Reservations that expired unsettled (a crashed worker's, or settles lost with Redis) are
  // settled at the cost their ledger rows record; without a row they stay charged.
  const reconcile = async () => {
    try {
      const today = budget.day();
      const yesterday = budget.day(new Date(Date.now() - 86_400_000));
      const r = await reconcileExpired(budget, { ledgerCost, graceMs: config.LLM_RECONCILE_GRACE_MS, days: [...new Set([yesterday, today])], log });
      if (r.settled + r.keptCharged > 0) log.info({ ...r }, 'expired budget reservations reconciled against the ledger');
    } catch (err) {
      log.debug({ err: String(err) }, 'budget reconciliation failed; retried later');
    }
  };
  const reconciler = setInterval(reconcile, config.LLM_RECONCILE_EVERY_MS);

  return {
    worker,
    client,
    budget,
    metrics,
    async close() {
      clearInterval(heartbeat);
      clearInterval(reconciler);
      await removeLlmStatus(commands, config.QUEUE_PREFIX, workerId).catch(() => undefined);
      await worker.close();
      await ledger.close();
      await alerts.flush();
      await metrics.close();
      await Promise.all([closeRedis(connection), closeRedis(commands)]);
      await database.close();
    },
  };
}
