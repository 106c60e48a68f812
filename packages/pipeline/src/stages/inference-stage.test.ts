/**
 * The inference stage's edges on real Redis. Its main paths run with a real ONNX model in
 * apps/worker-inference (worker.test.ts); here the model is a plain function, so the stage can be
 * checked without one: a failing model, a text-less event, a forward that cannot be made.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisKeys, type DecisionEnvelope, type IntentGuess, type Npc } from '@npc/contracts';
import { useTestRedis } from '@npc/testing';
import { createInferenceStage, readDecision, type InferenceStageDeps, type IntentPrediction } from '../index';

const { prefix, redis } = useTestRedis();

const npc: Npc = {
  id: 'bard1', name: 'Lorin', role: 'townsperson', background: 'A bard.', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  services: {},
};
function envelope(text: string | undefined, over: Partial<DecisionEnvelope> = {}): DecisionEnvelope {
  const now = Date.now();
  return {
    decisionId: randomUUID(), npc, apiKeyId: 'k1', receivedAt: now, deadlineAt: now + 3000, replyTo: redisKeys(prefix).replyChannel('t'), hops: ['inference'],
    request: { npc: { id: npc.id }, player: { id: 'p1' }, event: { type: text === undefined ? 'proximity' : 'talk', ...(text === undefined ? {} : { text }) }, allowedActions: ['talk', 'emote'], deadlineMs: 3000, wait: true },
    ...over,
  };
}

/** The product's combination rule in its simplest form: a confident model that disagrees decides. */
const combine = (rules: IntentGuess, model: IntentPrediction) =>
  model.intent !== rules.name && model.confidence >= 0.8 ? { intent: { name: model.intent, confidence: model.confidence }, by: 'model' as const } : { intent: rules, by: 'rules' as const };

function stage(over: Partial<InferenceStageDeps> = {}) {
  const forwarded: DecisionEnvelope[] = [];
  const process = createInferenceStage({
    redis, prefix, ttlSeconds: 60, answeredBy: 'test', agent: false, modelConfident: 0.8, combine,
    predict: async () => ({ intent: 'smalltalk', confidence: 0.95 }),
    llm: { status: { available: true } },
    forward: async (_q, e) => {
      forwarded.push(e);
    },
    ...over,
  });
  return { process, forwarded };
}

describe('inference stage', () => {
  it('a confident model intent is answered here with source model', async () => {
    const { process, forwarded } = stage();
    const env = envelope('zorgle blup');
    expect(await process(env)).toMatchObject({ outcome: 'answered', source: 'model', intentBy: 'model', intent: { name: 'smalltalk' } });
    expect(forwarded).toHaveLength(0);
    expect((await readDecision(redis, prefix, env.decisionId))?.decision).toMatchObject({ source: 'model', intent: { name: 'smalltalk' } });
  });

  it('a failing model: the rules recognizer stands in (forwarded to the LLM for an open-ended text)', async () => {
    const { process, forwarded } = stage({ predict: async () => Promise.reject(new Error('session gone')) });
    const r = await process(envelope('tell me an old legend of this land'));
    expect(r).toMatchObject({ outcome: 'forwarded', forwardedTo: 'llm', intentBy: 'rules' });
    expect(forwarded[0]?.hops).toEqual(['inference', 'llm']);
  });

  it('no text: no model call, the rules answer', async () => {
    let calls = 0;
    const { process } = stage({ predict: async () => (calls++, undefined) });
    expect(await process(envelope(undefined))).toMatchObject({ outcome: 'answered', source: 'rules' });
    expect(calls).toBe(0);
  });

  it('a forward that fails is answered here instead; an already answered decision stays as it was', async () => {
    const { process } = stage({ predict: async () => undefined, forward: async () => Promise.reject(new Error('redis down')) });
    const env = envelope('tell me an old legend of this land');
    expect(await process(env)).toMatchObject({ outcome: 'answered', source: 'rules' });
    expect(await process(env)).toMatchObject({ outcome: 'already-answered' });
  });

  it('with little time left it never forwards to paid work', async () => {
    const { process, forwarded } = stage({ predict: async () => undefined });
    const r = await process(envelope('tell me an old legend of this land', { deadlineAt: Date.now() + 20 }));
    expect(r).toMatchObject({ outcome: 'answered', source: 'rules' });
    expect(forwarded).toHaveLength(0);
  });
});
