import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LearningWorkerEnv, loadConfig } from '@npc/config';
import { QUEUES } from '@npc/contracts';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { signature } from '@npc/learning';
import { putNpc, rate, storeDecisions } from '@npc/learning/testing';
import { SCHEDULERS, startLearningWorker, type RunningLearningWorker } from './worker';

describe('learning worker', () => {
  let test: TestDatabase;
  let repos: Repositories;
  let running: RunningLearningWorker;
  let events: QueueEvents;
  let modelDir: string;
  const { QUEUE_PREFIX } = isolatedEnv();

  beforeAll(async () => {
    test = await createTestDatabase();
    repos = createRepositories(test.database.db);
    modelDir = await mkdtemp(path.join(tmpdir(), 'npc-models-'));
    const config = loadConfig(LearningWorkerEnv, {
      ...process.env,
      QUEUE_PREFIX,
      DATABASE_SCHEMA: test.schema,
      LEARN_INGEST_EVERY_MS: '200',
      LEARN_RETRAIN_CRON: '0 3 * * *',
      LEARN_CORPUS_PER_INTENT: '40',
      MODEL_DIR: modelDir,
    });
    running = startLearningWorker(config, pino({ level: 'silent' }));
    events = new QueueEvents(QUEUES.learning, { connection: { url: config.REDIS_URL }, prefix: QUEUE_PREFIX });
    await events.waitUntilReady();
    await running.ready;
  });
  afterAll(async () => {
    await events?.close();
    await running?.close();
    await test.drop();
    await deleteRedisPrefix(QUEUE_PREFIX);
    await rm(modelDir, { recursive: true, force: true });
  });

  it('schedules ingest every LEARN_INGEST_EVERY_MS and retrain on LEARN_RETRAIN_CRON', async () => {
    const schedulers = await running.queue.getJobSchedulers();
    const byId = Object.fromEntries(schedulers.map((s) => [s.key, s]));
    expect(byId[SCHEDULERS.ingest]).toMatchObject({ every: 200, name: 'ingest' });
    expect(byId[SCHEDULERS.retrain]).toMatchObject({ pattern: '0 3 * * *', tz: 'UTC', name: 'retrain' });
  });

  it('ingests on its schedule, and retrains on demand', async () => {
    await putNpc(repos, 'guard_1', 'guard');
    const [id] = await storeDecisions(repos, [{ npcId: 'guard_1', text: 'hello there guard', intent: 'greet' }]);
    await rate(repos, id!, 1);
    // The rows settle for a second, then the next scheduled ingest picks them up.
    const key = { role: 'guard', intent: 'greet', signature: signature('hello there guard') };
    for (let i = 0; i < 100 && !(await repos.learning.pattern(key))?.rated; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await repos.learning.pattern(key)).toMatchObject({ uses: 1, rated: 1, positive: 1 });

    const job = await running.queue.add('retrain', { kind: 'retrain', reason: 'on-demand' });
    const result = (await job.waitUntilFinished(events, 120_000)) as { retrain: { version: number; promoted: boolean } };
    expect(result.retrain).toMatchObject({ version: 1, promoted: true });
    expect((await repos.models.promoted())?.version).toBe(1);
  });
});
