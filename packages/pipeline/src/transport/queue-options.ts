import type { JobsOptions, Worker, WorkerOptions } from 'bullmq';
import { queuePrefix } from '@npc/contracts';
import type { Logger } from 'pino';

/**
 * Job options for every decision job. Completed jobs are kept for a short age, not removed at
 * once (removeOnComplete: true breaks waitUntilFinished with "Missing key"); failed ones for a day
 * so ops can inspect them, but at most 1,000 per queue (a flood of failures cannot fill Redis,
 * which runs `noeviction`). The job id is the decision id, so a job can never be added twice.
 */
export const DECISION_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 50 },
  removeOnComplete: { age: 60, count: 5000 },
  removeOnFail: { age: 86_400, count: 1000 },
};

export const DECISION_JOB_NAME = 'decide';

/** The worker settings every decision stage takes from its config (WorkerEnv). */
export interface StageWorkerSettings {
  QUEUE_PREFIX: string;
  WORKER_CONCURRENCY: number;
  WORKER_LOCK_MS: number;
  WORKER_STALLED_INTERVAL_MS: number;
}

/** BullMQ Worker options of a decision stage's `queue` (on its own hashtag); `extra` overrides (e.g. the LLM queue's limiter). */
export function stageWorkerOptions(queue: string, config: StageWorkerSettings, connection: WorkerOptions['connection'], extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    connection,
    prefix: queuePrefix(config.QUEUE_PREFIX, queue),
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: 2,
    ...extra,
  };
}

/** Logs a stage worker's failed jobs (naming the decision) and worker errors. */
export function logStageFailures(worker: Worker, log: Logger, stage: string): void {
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, decisionId: (job?.data as { decisionId?: string } | undefined)?.decisionId, attempts: job?.attemptsMade, err: err.message }, `${stage} job failed`));
  worker.on('error', (err) => log.error({ err: err.message }, `${stage} worker error`));
}
