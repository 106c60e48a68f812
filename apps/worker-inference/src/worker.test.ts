/**
 * The inference worker for real: ONNX Runtime on the CPU, small models trained here, the model
 * registry in PostgreSQL, BullMQ on Redis (own prefix and schema per file).
 */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worthAnLlm } from '@npc/agent';
import { QUEUES, queuePrefix, redisKeys, type DecisionEnvelope } from '@npc/contracts';
import { IntentClassifier, combineIntents, generateCorpus } from '@npc/intent-model';
import { createRepositories, createTestDatabase, type TestDatabase } from '@npc/persistence';
import { DECISION_JOB_NAME, DECISION_JOB_OPTIONS, publishLlmStatus, readDecision } from '@npc/pipeline';
import { recognize } from '@npc/rules';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { capturingLogger, envelope, promote, smallModel, workerConfig } from './test-helpers';
import { startInferenceWorker, type RunningInferenceWorker } from './worker';

const MODEL_CONFIDENT = 0.8;
const { QUEUE_PREFIX: prefix } = isolatedEnv();
const keys = redisKeys(prefix);
let db: TestDatabase;
let repos: ReturnType<typeof createRepositories>;
let redis: Redis;
let inference: Queue;
let llm: Queue;
let events: QueueEvents;
let model1: Uint8Array;
let model2: Uint8Array;
/** A phrasing the model knows confidently and the rules do not: the combination says `model`. */
let knownText: string;
let knownIntent: string;
/** Open-ended (lore, small talk, …): the combination says `rules`, and an LLM is worth it. */
let openText: string;

beforeAll(async () => {
  db = await createTestDatabase();
  repos = createRepositories(db.database.db);
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  inference = new Queue(QUEUES.inference, { connection: redis, prefix: queuePrefix(prefix, QUEUES.inference) });
  llm = new Queue(QUEUES.llm, { connection: redis, prefix: queuePrefix(prefix, QUEUES.llm) });
  events = new QueueEvents(QUEUES.inference, { connection: new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null }), prefix: queuePrefix(prefix, QUEUES.inference) });
  await events.waitUntilReady();
  model1 = smallModel(1);
  model2 = smallModel(2);
  // Pick the test phrasings with the real model and the real combination (no guessing).
  const cls = await IntentClassifier.load(model1, { device: 'cpu' });
  const texts = [...new Set(generateCorpus({ seed: 99, perIntent: 40 }).map((e) => e.text))];
  const open = ['tell me an old legend of this land', 'what do you think of the weather today', 'hello there, how are you doing', 'who founded prontera long ago?', 'i wonder what lies beyond the mountains'];
  const preds = await cls.classifyBatch([...texts, ...open]);
  const combined = [...texts, ...open].map((t, i) => ({ t, c: combineIntents(recognize(t, { eventType: 'talk' }).intent, preds[i], { modelConfident: MODEL_CONFIDENT }) }));
  const known = combined.find((x) => x.c.by === 'model' && x.c.intent.name !== 'unknown');
  const openEnded = combined.slice(texts.length).find((x) => x.c.by === 'rules' && worthAnLlm({ request: {} as never, npc: {} as never, hops: [], intent: x.c.intent }));
  await cls.release();
  if (!known || !openEnded) throw new Error('test setup: no phrasing found for the model path or the open-ended path');
  knownText = known.t;
  knownIntent = known.c.intent.name;
  openText = openEnded.t;
}, 120_000);

afterAll(async () => {
  await events?.close();
  await inference?.close();
  await llm?.close();
  redis?.disconnect();
  await db?.drop();
  await deleteRedisPrefix(prefix);
});

const add = (env: DecisionEnvelope) => inference.add(DECISION_JOB_NAME, env, { ...DECISION_JOB_OPTIONS, jobId: env.decisionId });
const finished = async (env: DecisionEnvelope) => (await add(env)).waitUntilFinished(events, 10_000) as Promise<{ outcome: string; source?: string; forwardedTo?: string; intentBy: string }>;
const metricsText = (w: RunningInferenceWorker) => w.metrics.registry.metrics();
const heartbeat = async (w: RunningInferenceWorker) => JSON.parse((await redis.hget(keys.inferenceStatus, w.workerId)) ?? 'null') as { modelLoaded: boolean; version: number | null; provider: string } | null;

async function llmUp(available: boolean): Promise<void> {
  await publishLlmStatus(redis, prefix, 'fake-llm', { at: Date.now(), available, providers: [], budget: { day: 'x', budgetUsd: 10, spentUsd: 0, remainingUsd: 10 } });
}

describe('inference worker', () => {
  let w: RunningInferenceWorker;
  let v1: number;
  let keepLlmUp: NodeJS.Timeout | undefined;
  beforeAll(async () => {
    // No model promoted yet: the worker starts and says so.
    w = await startInferenceWorker(workerConfig({ QUEUE_PREFIX: prefix, DATABASE_SCHEMA: db.schema, MODEL_CONFIDENT: String(MODEL_CONFIDENT) }), capturingLogger('silent').log);
    await w.worker.waitUntilReady();
  });
  afterAll(async () => {
    clearInterval(keepLlmUp);
    await w?.close();
  });

  it('without a promoted model it stays up, reports modelLoaded:false, and answers by rules', async () => {
    expect(await heartbeat(w)).toMatchObject({ modelLoaded: false, version: null, provider: 'cpu' });
    const r = await finished(envelope(prefix, knownText));
    expect(r).toMatchObject({ outcome: 'answered', source: 'rules', intentBy: 'rules' });
  });

  it('loads a model promoted later (promotion message) and answers a known phrasing with source model', async () => {
    v1 = await promote(repos.models, model1);
    await redis.publish(keys.modelPromoted, String(v1));
    await expect.poll(async () => (await heartbeat(w))?.version, { timeout: 10_000 }).toBe(v1);
    expect(await heartbeat(w)).toMatchObject({ modelLoaded: true, provider: 'cpu' });
    expect(await metricsText(w)).toContain(`npc_inference_model_version ${v1}`);

    const env = envelope(prefix, knownText);
    const r = await finished(env);
    expect(r).toMatchObject({ outcome: 'answered', source: 'model', intentBy: 'model' });
    const stored = await readDecision(redis, prefix, env.decisionId);
    expect(stored?.decision.source).toBe('model');
    expect(stored?.decision.intent.name).toBe(knownIntent);
    expect(stored?.answeredBy).toMatch(/^worker-inference:/);
  });

  it('forwards an open-ended request to the llm queue while the LLM route is available', async () => {
    await llmUp(true);
    keepLlmUp = setInterval(() => void llmUp(true), 500);
    const env = envelope(prefix, openText);
    await expect.poll(async () => {
      const e = envelope(prefix, openText);
      return (await finished(e)).outcome;
    }, { timeout: 5000 }).toBe('forwarded');
    const r = await finished(env);
    expect(r).toMatchObject({ outcome: 'forwarded', forwardedTo: 'llm' });
    const job = await llm.getJob(env.decisionId);
    expect((job?.data as DecisionEnvelope).hops).toEqual(['inference', 'llm']);
    expect(await readDecision(redis, prefix, env.decisionId)).toBeNull();
  });

  it('never forwards paid work past the deadline: answered here instead', async () => {
    const env = envelope(prefix, openText, { deadlineAt: Date.now() - 10 });
    const r = await finished(env);
    expect(r.outcome).toBe('answered');
    expect(r.source).toBe('rules');
    expect(await llm.getJob(env.decisionId)).toBeUndefined();
  });

  it('answers the open-ended request by rules when the LLM is unavailable', async () => {
    clearInterval(keepLlmUp);
    await llmUp(false);
    await expect.poll(async () => (await finished(envelope(prefix, openText))).outcome, { timeout: 5000 }).toBe('answered');
    const env = envelope(prefix, openText);
    const r = await finished(env);
    expect(r).toMatchObject({ outcome: 'answered', source: 'rules' });
    expect(await llm.getJob(env.decisionId)).toBeUndefined();
    expect((await readDecision(redis, prefix, env.decisionId))?.decision.source).toBe('rules');
  });

  it('batches concurrent jobs together: 200 jobs, fewer model runs than texts', async () => {
    const before = w.model.stats!;
    const b0 = { batches: before.batches, items: before.items };
    const envs = Array.from({ length: 200 }, (_, i) => envelope(prefix, i % 2 ? knownText : `${openText} ${i}`));
    await inference.addBulk(envs.map((e) => ({ name: DECISION_JOB_NAME, data: e, opts: { ...DECISION_JOB_OPTIONS, jobId: e.decisionId } })));
    await expect.poll(async () => (await Promise.all(envs.map((e) => readDecision(redis, prefix, e.decisionId)))).filter(Boolean).length, { timeout: 20_000 }).toBe(200);
    const batches = w.model.stats!.batches - b0.batches;
    const items = w.model.stats!.items - b0.items;
    expect(items).toBe(200);
    expect(batches).toBeLessThan(items);
    expect(w.model.stats!.maxBatchSeen).toBeGreaterThan(1);
    const text = await metricsText(w);
    expect(text).toMatch(/npc_inference_batch_size_count \d+/);
  });

  it('hot-reloads a newly promoted model while jobs flow: every job answered, none failed', async () => {
    const failed: string[] = [];
    w.worker.on('failed', (job) => failed.push(String(job?.id)));
    const envs: DecisionEnvelope[] = [];
    let flowing = true;
    const flow = (async () => {
      while (flowing) {
        const batch = Array.from({ length: 10 }, (_, i) => envelope(prefix, i % 2 ? knownText : openText));
        envs.push(...batch);
        await inference.addBulk(batch.map((e) => ({ name: DECISION_JOB_NAME, data: e, opts: { ...DECISION_JOB_OPTIONS, jobId: e.decisionId } })));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 700));
    const v2 = await promote(repos.models, model2);
    await redis.publish(keys.modelPromoted, String(v2));
    await expect.poll(async () => (await heartbeat(w))?.version, { timeout: 10_000 }).toBe(v2);
    await new Promise((r) => setTimeout(r, 700));
    flowing = false;
    await flow;
    expect(envs.length).toBeGreaterThan(50);
    await expect.poll(async () => (await Promise.all(envs.map((e) => readDecision(redis, prefix, e.decisionId)))).filter(Boolean).length, { timeout: 20_000 }).toBe(envs.length);
    expect(failed).toEqual([]);
    expect((await inference.getJobCounts('failed')).failed).toBe(0);
    expect(w.model.version).toBe(v2);
    // The old session was released once its last batch returned.
    await expect.poll(() => w.model.sessions, { timeout: 5000 }).toBe(1);
    const text = await metricsText(w);
    expect(text).toContain(`npc_inference_model_version ${v2}`);
    expect(text).toMatch(/npc_inference_model_reloads_total\{outcome="loaded"\} 2/);
  });

  it('also finds a promotion by polling the registry (no message)', async () => {
    const poller = await startInferenceWorker(
      workerConfig({ QUEUE_PREFIX: prefix, DATABASE_SCHEMA: db.schema, MODEL_POLL_MS: '200' }),
      capturingLogger('silent').log,
    );
    try {
      const current = poller.model.version!;
      const v3 = await promote(repos.models, model1);
      expect(v3).toBeGreaterThan(current);
      await expect.poll(() => poller.model.version, { timeout: 5000 }).toBe(v3);
    } finally {
      await poller.close();
    }
    expect(await redis.hexists(keys.inferenceStatus, poller.workerId)).toBe(0);
  });
});

describe('execution provider', () => {
  it('INFERENCE_DEVICE=cuda on a host without the CUDA provider or a GPU: runs on CPU, warns, and the metric says cpu', async () => {
    const { QUEUE_PREFIX } = isolatedEnv();
    const { log, lines } = capturingLogger('info');
    const w = await startInferenceWorker(workerConfig({ QUEUE_PREFIX, DATABASE_SCHEMA: db.schema, INFERENCE_DEVICE: 'cuda' }), log);
    try {
      expect(w.model.loaded).toBe(true);
      expect(w.model.provider).toBe('cpu');
      expect(lines.some((l) => l.level === 40 && /CUDA/i.test(String(l.msg)))).toBe(true);
      const text = await metricsText(w);
      expect(text).toContain('npc_inference_provider{provider="cpu"} 1');
      expect(text).not.toContain('provider="cuda"');
      expect(w.status()).toMatchObject({ modelLoaded: true, provider: 'cpu' });
      // It still classifies.
      const prediction = await w.model.classify('warp me to geffen please');
      expect(prediction?.intent).toBeTruthy();
    } finally {
      await w.close();
      await deleteRedisPrefix(QUEUE_PREFIX);
    }
  });
});
