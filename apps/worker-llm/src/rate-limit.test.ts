import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmWorkerEnv, loadConfig } from '@npc/config';
import { QUEUES, queuePrefix, redisKeys, type DecisionEnvelope, type Npc } from '@npc/contracts';
import { createTestDatabase, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv, startFakeLlm, type FakeLlm } from '@npc/testing';
import { startLlmWorker, type RunningLlmWorker } from './worker';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const at = new Date().toISOString();
const npc: Npc = {
  id: 'sage', name: 'Old Sage', role: 'townsperson', background: 'knows the lore of Midgard', createdAt: at, updatedAt: at,
  personality: { openness: 0.7, conscientiousness: 0.5, extraversion: 0.4, agreeableness: 0.8, neuroticism: 0.2 }, services: {},
};

describe('two LLM workers against fake providers: a provider never receives more than its rpm', () => {
  const iso = isolatedEnv();
  let test: TestDatabase;
  let limited: FakeLlm;
  let spare: FakeLlm;
  const workers: RunningLlmWorker[] = [];
  let queue: Queue;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

  beforeAll(async () => {
    test = await createTestDatabase({ poolSize: 2 });
    [limited, spare] = await Promise.all([startFakeLlm({ latencyMs: 5 }), startFakeLlm({ latencyMs: 5 })]);
    const providers = JSON.stringify([
      { name: 'limited', baseURL: limited.url, model: 'fake-a', inputUsdPerMTok: 0, outputUsdPerMTok: 0, rpm: 10 },
      { name: 'spare', baseURL: spare.url, model: 'fake-b', inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
    ]);
    const config = loadConfig(LlmWorkerEnv, {
      REDIS_URL, QUEUE_PREFIX: iso.QUEUE_PREFIX, DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: test.schema,
      LLM_PROVIDERS: providers, LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0', WORKER_CONCURRENCY: '16',
    });
    for (let i = 0; i < 2; i++) workers.push(startLlmWorker(config, log, {}));
    await Promise.all(workers.map((w) => w.worker.waitUntilReady()));
    queue = new Queue(QUEUES.llm, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: queuePrefix(iso.QUEUE_PREFIX, QUEUES.llm) });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await queue?.close();
    await Promise.all([limited?.close(), spare?.close()]);
    await test?.drop();
    await deleteRedisPrefix(iso.QUEUE_PREFIX, REDIS_URL);
    redis.disconnect();
  });

  it('40 LLM decisions at once over 2 workers: 10 reach the limited provider, the rest the next one', async () => {
    const keys = redisKeys(iso.QUEUE_PREFIX);
    const envelopes: DecisionEnvelope[] = Array.from({ length: 40 }, (_, i) => {
      const now = Date.now();
      return {
        decisionId: randomUUID(), npc, apiKeyId: 'k', receivedAt: now, deadlineAt: now + 5000, replyTo: keys.replyChannel('rate-test'), hops: ['llm'],
        request: { npc: { id: npc.id }, player: { id: `p${i}`, name: `Player${i}` }, event: { type: 'talk', text: `tell me a story about the old days of Prontera, number ${i}` }, allowedActions: ['talk', 'emote'], deadlineMs: 5000, wait: true },
      };
    });
    await queue.addBulk(envelopes.map((e) => ({ name: 'decide', data: e, opts: { jobId: e.decisionId } })));
    const deadline = Date.now() + 20_000;
    let done = 0;
    while (Date.now() < deadline) {
      done = (await Promise.all(envelopes.map((e) => redis.exists(keys.decision(e.decisionId))))).reduce((a, b) => a + b, 0);
      if (done === envelopes.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const sources = await Promise.all(envelopes.map(async (e) => (JSON.parse((await redis.get(keys.decision(e.decisionId)))!) as { decision: { source: string } }).decision.source));
    const byWorker = workers.map((w) => w.client.health().find((h) => h.name === 'limited')?.rateLimitedUntil !== null);
    console.log(`rate limit: 40 decisions over 2 workers; provider "limited" (rpm 10) received ${limited.calls().length}, "spare" ${spare.calls().length}; sources ${JSON.stringify(sources.reduce<Record<string, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {}))}; workers holding "limited" back: ${byWorker.filter(Boolean).length}/2`);
    if (process.env.TEST_LOG) for (const c of limited.calls()) console.log(c.n, c.behaviour, c.messages.length, c.messages.at(-1)?.content.slice(0, 80));
    expect(done).toBe(40);
    expect(limited.calls().length).toBe(10);
    expect(spare.calls().length).toBe(30);
    expect(sources.every((s) => s === 'llm')).toBe(true);
  }, 40_000);
});
