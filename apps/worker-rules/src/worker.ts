import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { closeRedis, createRedis, type WorkerEnv } from '@npc/config';
import { QUEUES } from '@npc/contracts';
import { agentOptionsFrom, createRulesStage, logStageFailures, stageWorkerOptions } from '@npc/pipeline';
import { RulesWorkerMetrics } from './metrics';
import { loadWorldAtStart } from '@npc/world';

export interface RunningRulesWorker {
  worker: Worker;
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
    ttlSeconds: config.DECISION_TTL_S,
    answeredBy: `worker-rules:${hostname()}:${process.pid}`,
    faultDelayMs: config.WORKER_FAULT_DELAY_MS,
    agentOptions: agentOptionsFrom(config),
  });
  const metrics = new RulesWorkerMetrics();
  metrics.start(config, log);
  const worker = new Worker(QUEUES.rules, metrics.stage.wrap(QUEUES.rules, (job) => process_(job.data)), stageWorkerOptions(config, connection));
  logStageFailures(worker, log, 'rules');
  worker.on('ready', () => log.info({ queue: QUEUES.rules, prefix: config.QUEUE_PREFIX, concurrency: config.WORKER_CONCURRENCY }, 'rules worker ready'));

  return {
    worker,
    metrics,
    async close() {
      await worker.close();
      await metrics.close();
      await Promise.all([closeRedis(connection), closeRedis(commands)]);
    },
  };
}
