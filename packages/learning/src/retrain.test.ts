import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '@npc/contracts';
import { IntentClassifier } from '@npc/intent-model';
import { isolatedEnv } from '@npc/testing';
import { ingestOnce } from './ingest';
import { ProductClassifier } from './product-classifier';
import { beats } from './promotion';
import { retrainOnce, type RetrainDeps } from './retrain';
import { buildTrainingSet } from './training-set';
import { putNpc, rate, storeDecisions, useModelStore } from './test-helpers';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A made-up phrasing for storage the generated corpus has never seen. */
const NOUNS = [
  'gadgets', 'trinkets', 'gizmos', 'widgets', 'doodads', 'baubles', 'knickknacks', 'thingamajigs', 'whatsits', 'oddments',
  'curios', 'sundries', 'bric-a-brac', 'geegaws', 'kickshaws', 'gewgaws', 'trumpery', 'fripperies', 'nicknacks', 'bibelots',
  'tchotchkes', 'oddities', 'whatnots', 'contraptions',
];
const FROB = NOUNS.map((noun, i) => `frobnicate the ${noun}${i % 2 ? ' please' : ''}`);

describe('retrain', () => {
  const store = useModelStore('npc-models-');
  let sub: Redis;
  let pub: Redis;
  const published: string[] = [];
  let deps: RetrainDeps;
  const { QUEUE_PREFIX } = isolatedEnv();

  beforeAll(async () => {
    sub = new Redis(REDIS_URL);
    pub = new Redis(REDIS_URL);
    await sub.subscribe(redisKeys(QUEUE_PREFIX).modelPromoted);
    sub.on('message', (_channel: string, message: string) => published.push(message));
    deps = {
      learning: store.repos.learning,
      models: store.repos.models,
      redis: pub,
      config: { QUEUE_PREFIX, LEARN_CORPUS_PER_INTENT: 60, LEARN_MIN_SUCCESS_RATE: 0.6, MODEL_CONFIDENT: 0.8, MODEL_DIR: store.dir },
    };
    await putNpc(store.repos, 'kafra_1', 'kafra');
  });
  afterAll(async () => {
    sub.disconnect();
    pub.disconnect();
  });

  const waitPublished = async (n: number) => {
    for (let i = 0; i < 100 && published.length < n; i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('promotes the first model (nothing promoted yet) and announces it', async () => {
    const epochs: number[] = [];
    const s = await retrainOnce(deps, { onProgress: (p) => epochs.push(p.epoch) });
    expect(s).toMatchObject({ version: 1, promoted: true, baselineAccuracy: null, baselineVersion: null, learntExamples: 0 });
    expect(s.examples).toBeGreaterThan(500);
    expect(s.heldOut).toBeGreaterThan(100);
    expect(s.accuracy).toBeGreaterThan(0.6);
    expect(epochs.length).toBeGreaterThan(1);
    expect(s.path).toBe(path.join(store.dir, 'intent-v1.onnx'));
    const promoted = await store.repos.models.promoted();
    expect(promoted).toMatchObject({ version: 1, status: 'promoted', examples: s.examples, heldOut: s.heldOut });
    // The file and the row hold the same bytes.
    expect(Buffer.from(await readFile(s.path)).equals(Buffer.from(promoted!.bytes))).toBe(true);
    const loaded = await IntentClassifier.load(promoted!.bytes, { device: 'cpu' });
    expect(loaded.meta.version).toBe('1');
    await loaded.release();
    await waitPublished(1);
    expect(published).toEqual(['1']);
  });

  it('does not promote a model trained on nothing new (not better)', async () => {
    const s = await retrainOnce(deps);
    expect(s).toMatchObject({ version: 2, promoted: false, baselineVersion: 1 });
    expect(s.accuracy).toBe(s.baselineAccuracy);
    expect((await store.repos.models.get(2))?.status).toBe('rejected');
    expect((await store.repos.models.promoted())?.version).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toEqual(['1']);
  });

  it('learns a well-rated phrasing the old model gets wrong, and promotes', async () => {
    const before = await ProductClassifier.fromRegistry(store.repos.models);
    const probe = 'frobnicate those doohickeys';
    const [old] = await before.classify([probe]);
    expect(old?.model?.intent).not.toBe('storage');
    await before.release();

    const ids = await storeDecisions(store.repos, FROB.map((text) => ({ npcId: 'kafra_1', text, intent: 'storage' as const, say: 'Your items are safe with Kafra.' })));
    for (const id of ids) await rate(store.repos, id, 1);
    // A badly rated pattern (and `unknown`) never becomes training data.
    const [bad] = await storeDecisions(store.repos, [{ npcId: 'kafra_1', text: 'frobnicate the wallet', intent: 'sell' }]);
    await rate(store.repos, bad!, -1);
    await storeDecisions(store.repos, [{ npcId: 'kafra_1', text: 'hmm frobnicate', intent: 'unknown' }]);
    expect(await ingestOnce({ learning: store.repos.learning }, { settleMs: 0 })).toMatchObject({ decisions: FROB.length + 2, ratings: FROB.length + 1 });

    const set = await buildTrainingSet(store.repos.learning, { perIntent: 60, minSuccessRate: 0.6 });
    expect(set.learnt).toBe(FROB.length);
    expect([...set.train, ...set.heldOut].filter((e) => e.origin !== 'corpus').every((e) => e.intent === 'storage')).toBe(true);

    const s = await retrainOnce(deps);
    expect(s).toMatchObject({ version: 3, promoted: true, baselineVersion: 1 });
    expect(s.learntExamples).toBeGreaterThan(0);
    expect(s.accuracy).toBeGreaterThan(s.baselineAccuracy!);
    const statuses = (await store.repos.models.list()).map((m) => [m.version, m.status]);
    expect(statuses).toEqual([
      [3, 'promoted'],
      [2, 'rejected'],
      [1, 'retired'],
    ]);
    await waitPublished(2);
    expect(published).toEqual(['1', '3']);

    const after = await ProductClassifier.fromRegistry(store.repos.models);
    expect(after.version).toBe(3);
    const [now] = await after.classify([probe]);
    expect(now?.model?.intent).toBe('storage');
    expect(now?.intent.name).toBe('storage');
    await after.release();
  });

  it('LLM answers not rated -1 are training data, labelled with the LLM intent', async () => {
    const [good, badOne] = await storeDecisions(store.repos, [
      { npcId: 'kafra_1', text: 'what tales do the old stones tell', intent: 'lore', source: 'llm' },
      { npcId: 'kafra_1', text: 'what tales do the young stones tell', intent: 'lore', source: 'llm' },
      { npcId: 'kafra_1', text: 'eh whatever', intent: 'unknown', source: 'llm' },
    ]);
    await rate(store.repos, badOne!, -1);
    await rate(store.repos, good!, 0);
    const set = await buildTrainingSet(store.repos.learning, { perIntent: 60, minSuccessRate: 0.6 });
    const llm = [...set.train, ...set.heldOut].filter((e) => e.origin === 'llm');
    expect(llm.map((e) => [e.text, e.intent])).toEqual([['what tales do the old stones tell', 'lore']]);
  });
});

describe('training settings', () => {
  const store = useModelStore('npc-models-');
  const { QUEUE_PREFIX } = isolatedEnv();

  it('a run trains with the settings asked for (over the LEARN_* config) and the registry records them with the version', async () => {
    const config = { QUEUE_PREFIX, LEARN_CORPUS_PER_INTENT: 30, LEARN_MIN_SUCCESS_RATE: 0.6, MODEL_CONFIDENT: 0.8, MODEL_DIR: store.dir, LEARN_EPOCHS: 2, LEARN_SEED: 4 };
    const epochs: number[] = [];
    const s = await retrainOnce(
      { learning: store.repos.learning, models: store.repos.models, config },
      { settings: { epochs: 3, learningRate: 0.2, l2: 1e-5, featureDims: 4096 }, onProgress: (p) => epochs.push(p.epoch) },
    );
    const expected = { epochs: 3, learningRate: 0.2, l2: 1e-5, featureDims: 4096, seed: 4, corpusPerIntent: 30, minSuccessRate: 0.6, learntWeight: 2 };
    expect(s.settings).toEqual(expected);
    expect(epochs).toEqual([1, 2, 3]);
    const stored = await store.repos.models.get(s.version);
    expect(stored).toMatchObject({ origin: 'trained', settings: expected });
    expect(stored?.metrics).toMatchObject({ reason: 'on-demand', perLanguage: [{ lang: 'en', total: s.heldOut }] });
    // The model really has those dims: its file says so and ONNX Runtime runs it.
    const loaded = await IntentClassifier.load(stored!.bytes, { device: 'cpu' });
    expect(loaded.spec.dims).toBe(4096);
    expect(JSON.parse(loaded.meta.settings!)).toEqual(expected);
    await loaded.release();
    // The config alone (no overrides) is what the next version records.
    const next = await retrainOnce({ learning: store.repos.learning, models: store.repos.models, config });
    expect((await store.repos.models.get(next.version))?.settings).toEqual({ ...expected, epochs: 2, learningRate: 0.4, l2: 1e-6, featureDims: 16384 });
    await expect(retrainOnce({ learning: store.repos.learning, models: store.repos.models, config }, { settings: { featureDims: 1000 } })).rejects.toThrow(/featureDims: a power of two/);
  });
});

describe('promotion rule', () => {
  const report = (accuracy: number, confidentAccuracy: number) => ({ total: 100, correct: accuracy * 100, accuracy, perIntent: [], confusions: [], confidentAccuracy });
  it('promotes on higher accuracy, whatever the confidence', () => {
    expect(beats(report(0.91, 0.5), report(0.9, 0.9))).toBe(true);
    expect(beats(report(0.89, 0.99), report(0.9, 0.5))).toBe(false);
  });
  it('at equal accuracy, promotes only when more answers are right and confident', () => {
    expect(beats(report(0.9, 0.85), report(0.9, 0.8))).toBe(true);
    expect(beats(report(0.9, 0.8), report(0.9, 0.8))).toBe(false);
    expect(beats(report(0.9, 0.7), report(0.9, 0.8))).toBe(false);
  });
});
