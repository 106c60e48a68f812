import type { JobsOptions } from 'bullmq';

/**
 * Job options for every decision job. Completed jobs are kept for a short age, not removed at
 * once (removeOnComplete: true breaks waitUntilFinished with "Missing key"); failed ones for a day
 * so ops can inspect them. The job id is the decision id, so a job can never be added twice.
 */
export const DECISION_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 50 },
  removeOnComplete: { age: 60, count: 5000 },
  removeOnFail: { age: 86_400 },
};

export const DECISION_JOB_NAME = 'decide';
