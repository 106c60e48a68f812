import { Redis } from 'ioredis';
import { afterAll, afterEach } from 'vitest';
import { deleteRedisPrefix, runId } from '@npc/testing';
import { DailyBudget, type DailyBudgetOptions } from './budget';

/** Connections and fresh prefixes for the budget tests; `useTestBudgets()` cleans them up after each file's tests. */

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const connections: Redis[] = [];
const prefixes: string[] = [];

export function connect(): Redis {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
}

/** The first connection (opened when none is yet): what most tests share. */
export function sharedConnection(): Redis {
  return connections[0] ?? connect();
}

/** Closes `redis` with the others after the file's tests. */
export function track(redis: Redis): Redis {
  connections.push(redis);
  return redis;
}

export function freshPrefix(): string {
  const prefix = `{npc-t-${runId()}}`;
  prefixes.push(prefix);
  return prefix;
}

export function budget(opts: Partial<DailyBudgetOptions> & { dailyBudgetUsd: number }, redis: Redis = sharedConnection()): DailyBudget {
  return new DailyBudget(redis, { prefix: opts.prefix ?? freshPrefix(), ...opts });
}

/** Registers the cleanup: each test's prefixes deleted after it, connections closed after the file. */
export function useTestBudgets(): void {
  afterEach(async () => {
    await Promise.all(prefixes.splice(0).map((p) => deleteRedisPrefix(p, REDIS_URL)));
  });
  afterAll(() => {
    for (const c of connections.splice(0)) c.disconnect();
  });
}
