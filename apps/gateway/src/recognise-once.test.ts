/**
 * Recognise once: the player's text is recognised by the gateway, once per decision; the
 * recognition travels in the envelope, and the stages (rules, inference → LLM) and the gateway's
 * own fallback refine it, never redo it. The real recogniser is wrapped to count the calls made
 * with each decision's text (every other behaviour is the real one), and the model's intent,
 * settled by the inference stage, must reach the LLM stage (it finds the reply stored for that
 * intent's situation, so no provider is asked).
 */
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@npc/config';
import { Decision, QUEUES, queuePrefix, type DecisionEnvelope, type IntentGuess } from '@npc/contracts';
import { createInferenceStage, createLlmStage, publishInferenceStatus, ReplyStore, toJob, type IntentPrediction, type LlmDecider } from '@npc/pipeline';
import { KAFRA } from '@npc/testing';
import { decisionBody, http, startStack, type Stack } from './test-harness';

const seen = vi.hoisted(() => ({ texts: [] as string[] }));
vi.mock('../../../packages/rules/src/recognize', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../packages/rules/src/recognize')>();
  return {
    ...real,
    recognize: (text: string | undefined, opts?: Parameters<typeof real.recognize>[1]) => {
      if (text?.trim()) seen.texts.push(text);
      return real.recognize(text, opts);
    },
  };
});

const recognitionsOf = (text: string) => seen.texts.filter((t) => t === text).length;
const silent = createLogger('test', 'silent');

describe('recognise once per decision', () => {
  let withWorker: Stack;
  let noWorker: Stack;
  beforeAll(async () => {
    [withWorker, noWorker] = await Promise.all([startStack({ worker: 'in-process' }), startStack({ worker: 'none' })]);
    for (const s of [withWorker, noWorker]) expect((await http(s.url, 'PUT', '/v1/npcs/kafra', { key: s.keys.admin, body: KAFRA })).status).toBeLessThan(300);
  }, 60_000);
  afterAll(async () => {
    await withWorker?.close();
    await noWorker?.close();
  });

  it('the rules stage answers on the gateway’s recognition: one recognition', async () => {
    const text = 'warp me to geffen please';
    const r = await http(withWorker.url, 'POST', '/v1/decisions', { key: withWorker.keys.game, body: decisionBody('kafra', { event: { type: 'talk', text } }) });
    const d = Decision.parse(r.body);
    expect(d).toMatchObject({ source: 'rules', intent: { name: 'warp' }, action: { type: 'warp' } });
    expect(recognitionsOf(text)).toBe(1);
  });

  it('the gateway’s deadline fallback answers on the same recognition: one recognition', async () => {
    const text = 'open my storage please';
    const r = await http(noWorker.url, 'POST', '/v1/decisions', {
      key: noWorker.keys.game, body: decisionBody('kafra', { event: { type: 'talk', text }, allowedActions: ['open_storage', 'talk'], deadlineMs: 80 }),
    });
    const d = Decision.parse(r.body);
    expect(d).toMatchObject({ source: 'rules', intent: { name: 'storage' }, action: { type: 'open_storage' } });
    expect(recognitionsOf(text)).toBe(1);
  });

  it('inference → LLM: the model’s intent travels in the job to the LLM stage, and nothing recognises again', async () => {
    const s = noWorker;
    const redis = s.gateway.deps.redis;
    const text = 'what do you think of the weather in town';
    // The model settles the intent differently from the rules (not confident enough to answer at the inference stage).
    const modelIntent: IntentGuess = { name: 'lore', confidence: 0.7 };
    const predict = async (): Promise<IntentPrediction> => ({ intent: modelIntent.name, confidence: modelIntent.confidence });
    const combine = (rules: IntentGuess, model: IntentPrediction) => ({ intent: { name: model.intent, confidence: model.confidence }, by: 'model' as const });

    // A well-rated reply stored for the model's situation: the LLM stage serves it only if it reads the model's intent.
    const replies = new ReplyStore(redis, { prefix: s.prefix, ttlS: 600 });
    const npc = (await s.gateway.deps.npcs.get('kafra'))!;
    const request = { npc: { id: 'kafra' }, player: { id: 'p1', name: 'Aria' }, event: { type: 'talk' as const, text } };
    const { recognize: realRecognize } = await vi.importActual<typeof import('../../../packages/rules/src/recognize')>('../../../packages/rules/src/recognize');
    const byRules = realRecognize(text, { eventType: 'talk' });
    expect(byRules.intent.name).not.toBe(modelIntent.name);
    const list = replies.situation(npc, request, { ...byRules, intent: modelIntent })!;
    await redis.lpush(list, JSON.stringify({ action: { type: 'talk', args: {} }, say: 'Fine weather for a walk, {{player}}.', emotion: null, intent: modelIntent }));

    const asked: Parameters<LlmDecider['decide']>[0][] = [];
    const llmJobs: DecisionEnvelope[] = [];
    const llmStage = createLlmStage({
      redis, prefix: s.prefix, ttlSeconds: 60, answeredBy: 'test-llm', log: silent, onCall: () => undefined, replies,
      llm: { decide: async (input) => (asked.push(input), { ok: false, reason: 'no_providers', calls: [], attempts: 0, costUsd: 0 }) },
    });
    const inferenceStage = createInferenceStage({
      redis, prefix: s.prefix, ttlSeconds: 60, answeredBy: 'test-inference', predict, combine, modelConfident: 0.8,
      llm: { status: { available: true } },
      // The job as BullMQ would carry it (JSON, the NPC by reference), parsed again by the LLM stage.
      forward: async (_queue, envelope) => {
        llmJobs.push(envelope);
        await llmStage(JSON.parse(JSON.stringify(toJob(envelope))));
      },
    });
    const connection = redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    const worker = new Worker(QUEUES.inference, (job) => inferenceStage(job.data), { connection, prefix: queuePrefix(s.prefix, QUEUES.inference) });
    try {
      await worker.waitUntilReady();
      await publishInferenceStatus(redis, s.prefix, 'test-inference', { at: Date.now(), modelLoaded: true, version: 1, provider: 'cpu' });
      await s.gateway.deps.inferenceStatus.refresh();
      expect(s.gateway.deps.inferenceStatus.available).toBe(true);

      const r = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra', { event: { type: 'talk', text }, allowedActions: ['talk', 'emote'], deadlineMs: 3000 }) });
      const d = Decision.parse(r.body);
      expect(llmJobs).toHaveLength(1);
      expect(llmJobs[0]?.recognition).toMatchObject({ intent: modelIntent, by: 'model', normalized: byRules.normalized });
      // Served from the reply stored for the model's intent: no provider asked, and the player's name filled in.
      expect(d).toMatchObject({ source: 'cache', say: 'Fine weather for a walk, Aria.' });
      expect(asked).toHaveLength(0);
      expect(recognitionsOf(text)).toBe(1);
    } finally {
      await worker.close();
      connection.disconnect();
    }
  }, 30_000);
});
