import { z } from 'zod';

/**
 * Jobs on the `learning` queue (apps/worker-learning). `ingest` pulls newly stored decisions and
 * feedback into learnt patterns; `retrain` trains a candidate intent model and promotes it when it
 * beats the current one on the held-out split.
 */
export const LearningJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ingest') }),
  z.object({ kind: z.literal('retrain'), reason: z.enum(['schedule', 'on-demand']).default('on-demand') }),
]);
export type LearningJob = z.infer<typeof LearningJob>;
export const LEARNING_JOB_NAMES = { ingest: 'ingest', retrain: 'retrain' } as const;
