import { randomBytes } from 'node:crypto';

/** A short random suffix for per-run isolation. */
export const runId = (): string => randomBytes(4).toString('hex');

/** Env that isolates one test run: its own queue/key prefix (a hashtag) and PostgreSQL schema. */
export function isolatedEnv(id = runId()): { QUEUE_PREFIX: string; DATABASE_SCHEMA: string } {
  return { QUEUE_PREFIX: `{npc-t-${id}}`, DATABASE_SCHEMA: `t_${id}` };
}
