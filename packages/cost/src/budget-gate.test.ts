import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, runId } from '@npc/testing';
import { budgetKeys, DailyBudget } from './budget';
import { budgetGate } from './budget-gate';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe("budgetGate: the LLM client's spending gate over the daily budget", () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `{npc-t-${runId()}}`;
  afterAll(async () => {
    await deleteRedisPrefix(prefix, REDIS_URL);
    redis.disconnect();
  });

  it('reserve holds, settle replaces by the billed cost, release gives back; a foreign id changes nothing; over budget: null', async () => {
    const budget = new DailyBudget(redis, { prefix, dailyBudgetUsd: 0.01 });
    const gate = budgetGate(budget);
    const a = (await gate.reserve(0.004, { provider: 'primary', decisionId: 'd-1' }))!;
    const b = (await gate.reserve(0.003, { provider: 'fallback' }))!;
    expect(await budget.status()).toMatchObject({ reservedUsd: 0.007, spentUsd: 0, activeReservations: 2 });
    // The reservation carries who it was for (an expired one is traced to its call).
    expect(Object.values(await redis.hgetall(budgetKeys(prefix, budget.day())[1])).some((v) => v.includes('"decisionId":"d-1"'))).toBe(true);
    expect(await gate.reserve(0.004)).toBeNull(); // 0.007 held + 0.004 > 0.01

    await gate.settle(a, 0.001);
    await gate.release(b);
    expect(await budget.status()).toMatchObject({ reservedUsd: 0, spentUsd: 0.001, activeReservations: 0 });

    // Settled and released ones are forgotten: a second settle or release, or an unknown id, is a no-op.
    await gate.settle(a, 0.002);
    await gate.release(b);
    await gate.settle({ id: 'not-ours' }, 0.005);
    expect(await budget.status()).toMatchObject({ reservedUsd: 0, spentUsd: 0.001 });
  });
});
