import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { closeRedis, createRedis, type WorkerEnv } from '@npc/config';
import { QUEUES, queuePrefixes } from '@npc/contracts';
import { agentOptionsFrom, createRulesStage, logStageFailures, stageWorkerOptions } from '@npc/pipeline';
import { RulesWorkerMetrics } from './metrics';
import { loadWorldAtStart } from '@npc/world';

export interface RunningRulesWorker {
  /** The first of `workers`. */
  worker: Worker;
  /** One BullMQ Worker per rules queue (RULES_QUEUE_SHARDS), each with WORKER_CONCURRENCY. */
  workers: Worker[];
  metrics: RulesWorkerMetrics;
  /** Finishes the jobs in hand (or returns them to the queue after the timeout), then disconnects. */
  close(): Promise<void>;
}

/** The rules worker: config → connections → a BullMQ Worker whose processor calls the rules stage. */
export function startRulesWorker(config: WorkerEnv, log: Logger): RunningRulesWorker {
  loadWorldAtStart(config.WORLD_FILE, log);
  const connection = createRedis(config, 'worker', { connectionName: `worker-rules:${process.pid}` });
  const commands = createRedis(config, 'worker', { connectionName: `worker-rules-cmd:${process.pid}` });
  connection.on('error', (err: Error) => log.debug({ err: err.message }, 'redis connection error'));
  commands.on('error', (err: Error) => log.debug({ err: err.message }, 'redis connection error'));
  const process_ = createRulesStage({
    redis: commands,
    prefix: config.QUEUE_PREFIX,
    shards: config.DECISION_SHARDS,
    ttlSeconds: config.DECISION_TTL_S,
    answeredBy: `worker-rules:${hostname()}:${process.pid}`,
    faultDelayMs: config.WORKER_FAULT_DELAY_MS,
    agentOptions: agentOptionsFrom(config),
  });
  const metrics = new RulesWorkerMetrics();
  metrics.start(config, log);
  const processor = metrics.stage.wrap(QUEUES.rules, (job) => process_(job.data));
  const prefixes = queuePrefixes(config.QUEUE_PREFIX, QUEUES.rules, config.RULES_QUEUE_SHARDS);
  const workers = prefixes.map((prefix) => new Worker(QUEUES.rules, processor, stageWorkerOptions(QUEUES.rules, config, connection, { prefix })));
  for (const w of workers) logStageFailures(w, log, 'rules');
  void Promise.all(workers.map((w) => w.waitUntilReady())).then(
    () => log.info({ queue: QUEUES.rules, prefixes, concurrency: config.WORKER_CONCURRENCY }, 'rules worker ready'),
    (err: unknown) => log.warn({ err: String(err) }, 'rules worker not ready'),
  );

  return {
    worker: workers[0]!,
    workers,
    metrics,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await metrics.close();
      await Promise.all([closeRedis(connection), closeRedis(commands)]);
    },
  };
}
