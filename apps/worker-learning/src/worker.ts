import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { closeRedis, createRedis, type LearningWorkerEnv } from '@npc/config';
import { LEARNING_JOB_NAMES, LearningJob, QUEUES, queuePrefix } from '@npc/contracts';
import { createDatabase, createRepositories } from '@npc/persistence';
import { ingestOnce, pruneModels, retrainOnce, type IngestSummary, type PruneSummary, type RetrainSummary } from '@npc/learning';
import { LearningWorkerMetrics } from './metrics';

/** Job scheduler ids (BullMQ repeatable jobs) on the learning queue. */
export const SCHEDULERS = { ingest: 'learning-ingest', retrain: 'learning-retrain' } as const;

export interface LearningWorkerOptions {
  /**
   * BullMQ's job lock (default BullMQ's 30 s; tests shorten it). Training runs in a worker thread,
   * so the event loop renews the lock every half of it for as long as a retrain takes.
   */
  lockDurationMs?: number;
}

export interface RunningLearningWorker {
  worker: Worker;
  queue: Queue;
  metrics: LearningWorkerMetrics;
  /** Resolves once the job schedulers are in place. */
  ready: Promise<void>;
  /** Finishes the job in hand, then disconnects. */
  close(): Promise<void>;
}

/**
 * The learning worker: config → connections → a BullMQ Worker (concurrency 1) on the `learning`
 * queue. `ingest` pulls newly stored decisions and feedback into patterns; `retrain` ingests first,
 * then trains a candidate and promotes it when it is better. Both are scheduled as repeatable jobs
 * (ingest every LEARN_INGEST_EVERY_MS; retrain on LEARN_RETRAIN_CRON in LEARN_TZ when set). After a
 * retrain, rejected and retired models older than LEARN_MODEL_RETENTION_DAYS are pruned. Its own
 * metrics are served on METRICS_PORT.
 */
export function startLearningWorker(config: LearningWorkerEnv, log: Logger, opts: LearningWorkerOptions = {}): RunningLearningWorker {
  const connection = createRedis(config, 'worker', { connectionName: `worker-learning:${process.pid}` });
  const commands = createRedis(config, 'worker', { connectionName: `worker-learning-cmd:${process.pid}` });
  connection.on('error', (err: Error) => log.debug({ err: err.message }, 'redis connection error'));
  commands.on('error', (err: Error) => log.debug({ err: err.message }, 'redis connection error'));
  const database = createDatabase({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: Math.min(config.DATABASE_POOL_SIZE, 4),
    applicationName: `worker-learning:${hostname()}:${process.pid}`,
    onPoolError: (err) => log.warn({ err: err.message }, 'PostgreSQL pool error'),
  });
  const repos = createRepositories(database.db);
  const deps = { learning: repos.learning, models: repos.models, config, redis: commands, log };
  const metrics = new LearningWorkerMetrics();
  metrics.start(config, log);

  const queue = new Queue(QUEUES.learning, { connection: commands, prefix: queuePrefix(config.QUEUE_PREFIX, QUEUES.learning) });
  queue.on('error', (err) => log.warn({ err: err.message }, 'learning queue error'));

  const processor = async (job: Job): Promise<IngestSummary | { ingest: IngestSummary; retrain: RetrainSummary; pruned: PruneSummary }> => {
    const data = LearningJob.parse(job.data);
    const ingest = await ingestOnce({ learning: repos.learning, log }, { onBatch: (b) => metrics.batch(b) });
    metrics.lag(await repos.learning.oldestUnreadDecision());
    if (data.kind === 'ingest') {
      if (ingest.decisions + ingest.feedback > 0) log.info({ ...ingest, cursors: undefined }, 'ingested decisions and feedback');
      return ingest;
    }
    let lastLogged = 0;
    const retrain = await retrainOnce(deps, {
      reason: data.reason,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastLogged > 5000 || p.epoch === p.epochs) {
          lastLogged = now;
          log.info({ epoch: p.epoch, epochs: p.epochs, loss: p.loss }, 'training');
        }
      },
    });
    metrics.retrained(retrain);
    const pruned = await pruneModels(repos.models, config.LEARN_MODEL_RETENTION_DAYS, log);
    metrics.prunedModels(pruned);
    return { ingest, retrain, pruned };
  };

  const worker = new Worker(QUEUES.learning, metrics.stage.wrap(QUEUES.learning, processor), {
    connection,
    prefix: queuePrefix(config.QUEUE_PREFIX, QUEUES.learning),
    concurrency: 1,
    ...(opts.lockDurationMs !== undefined && { lockDuration: opts.lockDurationMs }),
    maxStalledCount: 1,
  });
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message }, 'learning job failed'));
  worker.on('error', (err) => log.error({ err: err.message }, 'learning worker error'));
  worker.on('ready', () => log.info({ queue: QUEUES.learning, prefix: config.QUEUE_PREFIX }, 'learning worker ready'));

  const jobOpts = { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } };
  const ready = (async () => {
    await queue.upsertJobScheduler(
      SCHEDULERS.ingest,
      { every: config.LEARN_INGEST_EVERY_MS },
      { name: LEARNING_JOB_NAMES.ingest, data: { kind: 'ingest' } satisfies LearningJob, opts: jobOpts },
    );
    if (config.LEARN_RETRAIN_CRON.trim()) {
      await queue.upsertJobScheduler(
        SCHEDULERS.retrain,
        { pattern: config.LEARN_RETRAIN_CRON, tz: config.LEARN_TZ },
        { name: LEARNING_JOB_NAMES.retrain, data: { kind: 'retrain', reason: 'schedule' } satisfies LearningJob, opts: jobOpts },
      );
    } else {
      await queue.removeJobScheduler(SCHEDULERS.retrain);
    }
    log.info(
      { ingestEveryMs: config.LEARN_INGEST_EVERY_MS, retrainCron: config.LEARN_RETRAIN_CRON || null, tz: config.LEARN_TZ },
      'learning schedules in place',
    );
  })();
  ready.catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'could not set the learning schedules'));

  return {
    worker,
    queue,
    metrics,
    ready,
    async close() {
      await ready.catch(() => undefined);
      await worker.close();
      await queue.close();
      await Promise.all([closeRedis(connection), closeRedis(commands)]);
      await metrics.close();
      await database.close();
    },
  };
}
