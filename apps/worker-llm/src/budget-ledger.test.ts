import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmWorkerEnv, loadConfig } from '@npc/config';
import { DailyBudget } from '@npc/cost';
import { createRepositories, createTestDatabase, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { startLlmWorker, type RunningLlmWorker } from './worker';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });

describe('the LLM worker keeps the budget true to the ledger', () => {
  const iso = isolatedEnv();
  let test: TestDatabase;
  let worker: RunningLlmWorker | undefined;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

  beforeAll(async () => {
    test = await createTestDatabase({ poolSize: 2 });
  });
  afterAll(async () => {
    await worker?.close();
    await test?.drop();
    await deleteRedisPrefix(iso.QUEUE_PREFIX, REDIS_URL);
    redis.disconnect();
  });

  it("restores the day's spent from the ledger at start (Redis lost it), and settles an expired reservation at its ledger row's cost", async () => {
    const budget = new DailyBudget(redis, { prefix: iso.QUEUE_PREFIX, dailyBudgetUsd: 1 });
    const day = budget.day();
    const repos = createRepositories(test.database.db);
    // A crashed worker's call: reserved $0.2, billed $0.05 (its ledger row made it; its settle did not).
    const crashed = (await budget.reserve(0.2, { provider: 'primary', decisionId: '00000000-0000-4000-8000-000000000001' }, { ttlMs: 50 }))!;
    await repos.ledger.insertMany([
      { day, startedAt: Date.now(), attempt: 1, provider: 'primary', model: 'm', inputTokens: 100, outputTokens: 10, costUsd: 0.3, reservedUsd: 0.4, outcome: 'ok', latencyMs: 10 },
      { day, startedAt: Date.now(), attempt: 1, provider: 'primary', model: 'm', reservationId: crashed.id, inputTokens: 100, outputTokens: 10, costUsd: 0.05, reservedUsd: 0.2, outcome: 'ok', latencyMs: 10 },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    await budget.sweep();
    expect(await budget.status()).toMatchObject({ spentUsd: 0, expiredUsd: 0.2 });

    const config = loadConfig(LlmWorkerEnv, {
      REDIS_URL, QUEUE_PREFIX: iso.QUEUE_PREFIX, DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: test.schema,
      LLM_DAILY_BUDGET_USD: '1', LLM_RECONCILE_EVERY_MS: '200', LLM_RECONCILE_GRACE_MS: '0',
    });
    worker = startLlmWorker(config, log, {});
    // Spent comes back from the ledger ($0.30 of rows settled before the loss), and the expired
    // reservation is settled at its row's $0.05 (its $0.20 charge given back): $0.35, each cost once.
    await expect.poll(async () => (await budget.status()).expiredUsd, { timeout: 10_000 }).toBe(0);
    const status = await budget.status();
    console.log(`ledger restore: ledger $0.35 (one row's reservation expired charged at $0.20), Redis spent $0 → after start: spent $${status.spentUsd.toFixed(2)}, expired $${status.expiredUsd.toFixed(2)}`);
    expect(status).toMatchObject({ spentUsd: 0.35, expiredUsd: 0, reservedUsd: 0 });
    expect(await budget.chargedExpired()).toEqual([]);
  });
});
