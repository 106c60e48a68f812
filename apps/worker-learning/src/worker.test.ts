import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LearningWorkerEnv, loadConfig } from '@npc/config';
import { QUEUES, queuePrefix } from '@npc/contracts';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, freePort, isolatedEnv } from '@npc/testing';
import { signature } from '@npc/learning';
import { putNpc, rate, storeDecisions } from '@npc/learning/testing';
import { SCHEDULERS, startLearningWorker, type RunningLearningWorker } from './worker';

// Short enough that a retrain outlives it (renewed every LOCK_MS / 2), long enough that a busy CI
// box still renews it in time.
const LOCK_MS = 1500;

describe('learning worker', () => {
  let test: TestDatabase;
  let repos: Repositories;
  let running: RunningLearningWorker;
  let events: QueueEvents;
  let modelDir: string;
  let metricsUrl: string;
  const stalled: string[] = [];
  const failures: string[] = [];
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
      // Enough data that a retrain outlasts the job lock below (3–9 s here).
      LEARN_CORPUS_PER_INTENT: '300',
      MODEL_DIR: modelDir,
      METRICS_PORT: String(await freePort()),
    });
    metricsUrl = `http://127.0.0.1:${config.METRICS_PORT}/metrics`;
    running = startLearningWorker(config, pino({ level: process.env.TEST_LOG ?? 'silent' }), { lockDurationMs: LOCK_MS });
    running.worker.on('stalled', (id) => stalled.push(id));
    running.worker.on('failed', (_job, err) => failures.push(err.message));
    running.worker.on('error', (err) => failures.push(err.message)); // e.g. could not renew lock, Missing lock for job
    events = new QueueEvents(QUEUES.learning, { connection: { url: config.REDIS_URL }, prefix: queuePrefix(QUEUE_PREFIX, QUEUES.learning) });
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
    const result = (await job.waitUntilFinished(events, 40_000)) as { retrain: { version: number; promoted: boolean } };
    expect(result.retrain).toMatchObject({ version: 1, promoted: true });
    expect((await repos.models.promoted())?.version).toBe(1);
    // Training ran in a worker thread: the event loop kept renewing the 2 s lock for the whole
    // retrain (longer than the lock), so the job finished in place — never seen as stalled,
    // never failed on a lost lock.
    const done = await running.queue.getJob(job.id!);
    expect(done!.finishedOn! - done!.processedOn!).toBeGreaterThan(LOCK_MS);
    expect(done!.stalledCounter).toBe(0);
    expect(stalled).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('serves its own /metrics: ingest lag and rows per batch, retrain duration, candidate vs promoted accuracy, gate outcomes', async () => {
    const text = await (await fetch(metricsUrl)).text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^npc_learning_ingest_lag_seconds (\S+)$/m)).toBeGreaterThanOrEqual(0);
    expect(value(/^npc_learning_ingest_batch_rows_count\{kind="decisions"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^npc_learning_ingested_total\{kind="decisions"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^npc_learning_retrain_seconds_count\{phase="total"\} (\d+)$/m)).toBe(1);
    expect(value(/^npc_learning_retrain_seconds_sum\{phase="train"\} (\S+)$/m)).toBeGreaterThan(1);
    expect(value(/^npc_learning_model_accuracy\{model="candidate"\} (\S+)$/m)).toBeGreaterThan(0.5);
    expect(value(/^npc_learning_promoted_version (\d+)$/m)).toBe(1);
    expect(value(/^npc_learning_gate_total\{outcome="promoted"\} (\d+)$/m)).toBe(1);
    expect(value(/^npc_learning_gate_total\{outcome="rejected"\} (\d+)$/m)).toBe(0);
    expect(value(/^npc_learning_models_pruned_total (\d+)$/m)).toBe(0);
    expect(value(/^npc_queue_jobs_processed_total\{queue="learning",outcome="done"\} (\d+)$/m)).toBeGreaterThanOrEqual(2);

    // A second retrain on the same data is not better: rejected, and the promoted model's accuracy on the same split is shown.
    const job = await running.queue.add('retrain', { kind: 'retrain', reason: 'on-demand' });
    await job.waitUntilFinished(events, 120_000);
    const after = await (await fetch(metricsUrl)).text();
    expect(after).toMatch(/^npc_learning_gate_total\{outcome="rejected"\} 1$/m);
    const candidate = Number(/^npc_learning_model_accuracy\{model="candidate"\} (\S+)$/m.exec(after)?.[1]);
    const promoted = Number(/^npc_learning_model_accuracy\{model="promoted"\} (\S+)$/m.exec(after)?.[1]);
    expect(candidate).toBe(promoted);
  });
});
