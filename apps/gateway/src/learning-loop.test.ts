/**
 * The learning loop end to end, real parts only: a gateway (INFERENCE_ROUTE=auto, LLM_ROUTE=auto),
 * a rules worker, an LLM worker (the openai SDK against the fake OpenAI-compatible provider), an
 * inference worker (ONNX Runtime on the CPU) with a first model trained by `retrainOnce`, Redis
 * under its own prefix and PostgreSQL in its own schema.
 *
 * A new phrasing family for `buy` ("hook a brother up with 12 red juice") that neither the rules
 * nor the first model know goes to the LLM; players rate the answers +1; `ingestOnce` turns the
 * stored decisions and the feedback into a learnt pattern, `retrainOnce` trains and promotes a
 * better model, the inference worker hot-reloads it, and fresh variants of the same pattern are
 * answered by the model (source `model`, intent `buy`): the LLM share falls.
 */
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worthAnLlm } from '@npc/agent';
import { InferenceWorkerEnv, LlmWorkerEnv, createLogger, loadConfig } from '@npc/config';
import { Decision, redisKeys, type ActionType } from '@npc/contracts';
import { MERCHANT, makeDecision, startFakeLlm, type FakeLlm } from '@npc/testing';
import { startInferenceWorker, type RunningInferenceWorker } from '@npc/worker-inference';
import { ProductClassifier, ingestOnce, retrainOnce, signature, type RetrainDeps } from '@npc/learning';
import { startLlmWorker, type RunningLlmWorker } from '@npc/worker-llm';
import { allStored, http, startStack, type Stack } from './test-harness';

const N = 30;
const INTENT = 'buy';
const ALLOWED: ActionType[] = ['talk', 'emote', 'open_shop', 'buy', 'quote_price'];
const silent = createLogger('test', 'silent');

/**
 * Variants of one made-up phrasing ("red juice" is slang the gazetteer does not know): quantities,
 * case, an `x` after the number and trailing punctuation change; the learnt signature does not.
 */
function variants(from: number, count: number): string[] {
  const cases = [(t: string) => t, (t: string) => t[0]!.toUpperCase() + t.slice(1), (t: string) => t.toUpperCase()];
  const tails = ['', '!', '?', '!!', '...'];
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const qty = 2 + ((i * 7) % 97);
    const text = `hook a brother up with ${qty}${i % 4 === 3 ? 'x' : ''} red juice${tails[i % tails.length]}`;
    return cases[i % cases.length]!(text);
  });
}

/** Polls `read` until it returns `want` (usable in hooks, where expect.poll is not). */
async function until<T>(what: string, read: () => Promise<T>, want: T, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: still ${String(last)} after ${timeoutMs} ms (want ${String(want)})`);
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

describe('the learning loop', () => {
  let s: Stack;
  let fake: FakeLlm;
  let llm: RunningLlmWorker | undefined;
  let inference: RunningInferenceWorker | undefined;
  let pub: Redis;
  let retrainDeps: RetrainDeps;
  let v1: number;
  const modelDir = mkdtempSync(join(tmpdir(), 'npc-loop-models-'));
  const before = variants(0, N);
  const after = variants(N, N);

  beforeAll(async () => {
    // The fake provider labels the slang as `buy` (the fake's own cues would call it small talk).
    fake = await startFakeLlm({
      seed: 7,
      behaviour: (req) => ({ kind: 'ok', content: { ...makeDecision(req, req.allowedActions.length ? req.allowedActions : ['talk']), intent: { name: INTENT, confidence: 0.9 } } }),
    });
    s = await startStack({ worker: 'in-process', env: { INFERENCE_ROUTE: 'auto', LLM_ROUTE: 'auto' } });
    expect((await http(s.url, 'PUT', '/v1/npcs/merchant', { key: s.keys.admin, body: MERCHANT })).status).toBeLessThan(300);

    // A first model, trained on the generated corpus alone, promoted before any traffic.
    pub = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    retrainDeps = {
      learning: s.repos.learning,
      models: s.repos.models,
      redis: pub,
      config: { QUEUE_PREFIX: s.prefix, LEARN_CORPUS_PER_INTENT: 100, LEARN_MIN_SUCCESS_RATE: 0.6, MODEL_CONFIDENT: 0.8, MODEL_DIR: modelDir },
    };
    const first = await retrainOnce(retrainDeps, { reason: 'first model' });
    expect(first.promoted).toBe(true);
    v1 = first.version;

    // The LLM worker: the real openai SDK against the fake provider.
    const providers = [{ name: 'fake', baseURL: fake.url, model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 2000 }];
    llm = startLlmWorker(loadConfig(LlmWorkerEnv, { ...process.env, ...s.workerEnv, LOG_LEVEL: 'silent', LLM_PROVIDERS: JSON.stringify(providers) }), silent);
    await llm.worker.waitUntilReady();
    await until('LLM route available', async () => {
      await s.gateway.deps.llmStatus.refresh();
      return s.gateway.deps.llmStatus.available;
    }, true);

    // The inference worker loads v1 at start (and watches the LLM route's heartbeats itself).
    inference = await startInferenceWorker(
      loadConfig(InferenceWorkerEnv, { ...process.env, ...s.workerEnv, LOG_LEVEL: 'silent', INFERENCE_DEVICE: 'cpu', MODEL_DIR: modelDir, MODEL_POLL_MS: '60000' }),
      silent,
    );
    await inference.worker.waitUntilReady();
    await until('inference worker on v1', async () => {
      await s.gateway.deps.inferenceStatus.refresh();
      return s.gateway.deps.inferenceStatus.version;
    }, v1);
  }, 60_000);

  afterAll(async () => {
    await inference?.close();
    await llm?.close();
    await s?.close();
    await fake?.close();
    pub?.disconnect();
    rmSync(modelDir, { recursive: true, force: true });
  });

  const ask = (text: string, i: number) =>
    http(s.url, 'POST', '/v1/decisions', {
      key: s.keys.game,
      body: { npc: { id: 'merchant' }, player: { id: `p${i}`, name: `Hero${i}`, level: 20 }, event: { type: 'talk', text }, allowedActions: ALLOWED, deadlineMs: 3000 },
    });

  /** Sends the texts (a few at a time); the decisions, and how many provider calls they caused. */
  async function send(texts: readonly string[], offset: number): Promise<{ decisions: Decision[]; calls: number }> {
    const calls0 = fake.calls().length;
    const decisions: Decision[] = [];
    for (let i = 0; i < texts.length; i += 5) {
      const replies = await Promise.all(texts.slice(i, i + 5).map((t, k) => ask(t, offset + i + k)));
      for (const r of replies) {
        expect(r.status).toBe(200);
        decisions.push(Decision.parse(r.body));
      }
    }
    return { decisions, calls: fake.calls().length - calls0 };
  }

  /** What the promoted model + the rules make of the texts, as the inference stage would. */
  async function routeByPromoted(texts: readonly string[]) {
    const product = await ProductClassifier.fromRegistry(s.repos.models);
    try {
      return (await product.classify(texts)).map((p) => ({
        text: p.text,
        p,
        toLlm: p.by === 'rules' && worthAnLlm({ request: {} as never, npc: {} as never, hops: [], intent: p.intent }),
      }));
    } finally {
      await product.release();
    }
  }

  it('a new, repeated, well-rated pattern: the LLM share falls after ingest + retrain', async () => {
    // The family is one learnt pattern, and new to both the rules and the first model: checked, not assumed.
    const signatures = new Set([...before, ...after].map(signature));
    expect([...signatures]).toEqual(['hook a brother up with <n> red juice']);
    expect(new Set([...before, ...after]).size).toBe(2 * N);
    const known = (await routeByPromoted([...before, ...after])).filter((r) => !r.toLlm);
    if (known.length) {
      throw new Error(`test setup: the rules or model v${v1} already handle ${known.length} of the phrasings without the LLM, e.g. ${JSON.stringify(known.slice(0, 3).map((k) => ({ text: k.text, by: k.p.by, intent: k.p.intent, rules: k.p.rules, model: k.p.model })))}`);
    }

    // Before: every one goes to the LLM, which labels it `buy`; players rate each answer +1.
    const b = await send(before, 0);
    const llmBefore = share(b.decisions.filter((d) => d.source === 'llm').length, N);
    for (const d of b.decisions) {
      const r = await http(s.url, 'POST', `/v1/decisions/${d.decisionId}/feedback`, { key: s.keys.game, body: { rating: 1 } });
      expect(r.status).toBe(201);
    }

    // The gateway's decision-log writer stores the decisions in PostgreSQL; ingest once they are there.
    await allStored(s, b.decisions.map((d) => d.decisionId), 10_000);
    const ingest = await ingestOnce({ learning: s.repos.learning }, { settleMs: 0 });
    expect(ingest.used).toBe(N);
    expect(ingest.ratings).toBe(N);
    const pattern = await s.repos.learning.pattern({ role: 'merchant', intent: INTENT, signature: [...signatures][0]! });
    expect(pattern).toMatchObject({ uses: N, rated: N, positive: N, successRate: 1 });
    expect(pattern!.sources.llm).toBe(N);

    // Retrain: the learnt examples make a better model on the held-out split; it is promoted and announced.
    const retrain = await retrainOnce(retrainDeps, { reason: 'learning loop test' });
    expect(retrain.learntExamples).toBeGreaterThan(0);
    expect(retrain.baselineVersion).toBe(v1);
    expect(retrain.promoted, retrain.decision).toBe(true);
    await expect.poll(async () => {
      await s.gateway.deps.inferenceStatus.refresh();
      return s.gateway.deps.inferenceStatus.version;
    }, { timeout: 10_000 }).toBe(retrain.version);
    // The dashboard shows the version the inference workers have loaded.
    const dashboard = await http(s.url, 'GET', '/v1/admin/dashboard.json', { key: s.keys.admin });
    expect(dashboard.body.modelVersion).toBe(String(retrain.version));
    const heartbeats = Object.values(await s.gateway.deps.redis.hgetall(redisKeys(s.prefix).inferenceStatus)).map((v) => JSON.parse(v) as { version: number });
    expect(heartbeats.map((h) => h.version)).toEqual([retrain.version]);

    // After: fresh variants of the same pattern (other quantities and surface forms) are answered by the model.
    expect(after.filter((t) => before.includes(t))).toEqual([]);
    const a = await send(after, N);
    const llmAfter = share(a.decisions.filter((d) => d.source === 'llm').length, N);
    const modelAfter = a.decisions.filter((d) => d.source === 'model');
    console.log(
      `learning loop: LLM share ${pct(llmBefore)} → ${pct(llmAfter)} (provider calls ${b.calls} → ${a.calls} for ${N} decisions each); ` +
      `model v${v1} → v${retrain.version} (held-out accuracy ${retrain.baselineAccuracy?.toFixed(4)} → ${retrain.accuracy.toFixed(4)}); ` +
      `after: ${modelAfter.length}/${N} answered with source model`,
    );
    expect(llmBefore).toBeGreaterThanOrEqual(0.8);
    expect(b.calls).toBeGreaterThanOrEqual(0.8 * N);
    expect(llmAfter).toBeLessThanOrEqual(0.2);
    expect(a.calls).toBeLessThanOrEqual(0.2 * N);
    expect(modelAfter.length).toBeGreaterThanOrEqual(0.8 * N);
    for (const d of modelAfter) expect(d.intent.name).toBe(INTENT);
  });
});
