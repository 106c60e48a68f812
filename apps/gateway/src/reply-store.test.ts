/**
 * Learning improves replies too, through HTTP with real parts: a gateway, a rules worker and an
 * LLM worker (the openai SDK against the project's fake provider), Redis and PostgreSQL. The
 * answer cache is off, so what is measured is the reply store alone: an open question goes to the
 * LLM until a player rates an answer +1; then the same situation (NPC, intent, slots, language) is
 * answered with that reply at no cost and the LLM share falls to 0; another language is still the
 * LLM's; a −1 on a reused answer removes it and the LLM is asked again. Decisions are in PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmWorkerEnv, createLogger, loadConfig } from '@npc/config';
import { Decision } from '@npc/contracts';
import { makeDecision, startFakeLlm, type FakeLlm } from '@npc/testing';
import { startLlmWorker, type RunningLlmWorker } from '@npc/worker-llm';
import { http, startStack, type Stack } from './test-harness';

const silent = createLogger('test', 'silent');
const NO_CACHE = { LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0', INFERENCE_ROUTE: 'off', LLM_ROUTE: 'auto' };
let s: Stack;
let fake: FakeLlm;
let llm: RunningLlmWorker | undefined;
let n = 0;

beforeAll(async () => {
  // The fake answers in character with its own say (numbered, so a reused answer is recognisable).
  fake = await startFakeLlm({
    seed: 3,
    behaviour: (req) => ({ kind: 'ok', content: { ...makeDecision(req, req.allowedActions.length ? req.allowedActions : ['talk']), action: { type: 'talk', args: {} }, say: `Tale number ${++n}: the sea remembers every sailor.`, intent: { name: 'lore', confidence: 0.9 } } }),
  });
  s = await startStack({ worker: 'in-process', env: NO_CACHE });
  expect((await http(s.url, 'PUT', '/v1/npcs/bard', { key: s.keys.admin, body: { name: 'Lorin', role: 'townsperson', background: 'A travelling bard.' } })).status).toBe(201);
  const providers = [{ name: 'fake', baseURL: fake.url, model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 2000 }];
  llm = startLlmWorker(loadConfig(LlmWorkerEnv, { ...process.env, ...s.workerEnv, ...NO_CACHE, LOG_LEVEL: 'silent', LLM_PROVIDERS: JSON.stringify(providers) }), silent);
  await llm.worker.waitUntilReady();
  for (let i = 0; i < 100 && !s.gateway.deps.llmStatus.available; i++) {
    await s.gateway.deps.llmStatus.refresh();
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(s.gateway.deps.llmStatus.available).toBe(true);
}, 60_000);

afterAll(async () => {
  await llm?.close();
  await s?.close();
  await fake?.close();
});

const ask = async (text: string, i: number): Promise<Decision> => {
  const r = await http(s.url, 'POST', '/v1/decisions', {
    key: s.keys.game, body: { npc: { id: 'bard' }, player: { id: `listener-${i}`, name: `Hero${i}` }, event: { type: 'talk', text }, allowedActions: ['talk', 'emote'], deadlineMs: 3000 },
  });
  expect(r.status).toBe(200);
  return Decision.parse(r.body);
};
const feedback = (id: string, rating: -1 | 0 | 1) => http(s.url, 'POST', `/v1/decisions/${id}/feedback`, { key: s.keys.game, body: { rating } });

describe('well-rated answers become reusable replies', () => {
  it('the LLM share for a rated situation falls to 0; another language still asks the LLM; −1 removes the reply', async () => {
    const TEXT = 'tell me the legend of glast heim';
    const before = fake.calls().length;
    const first: Decision[] = [];
    for (let i = 0; i < 5; i++) first.push(await ask(TEXT, i));
    expect(first.every((d) => d.source === 'llm')).toBe(true);
    expect(fake.calls().length - before).toBe(5);

    expect((await feedback(first[2]!.decisionId, 1)).status).toBe(201);
    const afterRating = fake.calls().length;
    const reused: Decision[] = [];
    for (let i = 10; i < 20; i++) reused.push(await ask(TEXT, i));
    const llmShare = reused.filter((d) => d.source === 'llm').length / reused.length;
    expect(fake.calls().length - afterRating).toBe(0);
    expect(llmShare).toBe(0);
    expect(reused.every((d) => d.source === 'cache' && d.costUsd === 0 && d.say === first[2]!.say)).toBe(true);

    // The same question in Portuguese is another situation: the LLM answers it; so is another open question.
    const pt = await ask('me conta a lenda de glast heim', 30);
    expect(pt.source).toBe('llm');
    const other = await ask('sing me a song about the sea', 31);
    expect(other.source).toBe('llm');

    // −1 on a reused answer removes the reply: the LLM is asked again.
    expect((await feedback(reused[0]!.decisionId, -1)).status).toBe(201);
    const again = await ask(TEXT, 40);
    expect(again.source).toBe('llm');
    expect(again.say).not.toBe(first[2]!.say);

    // Every decision, reused ones too, is stored in PostgreSQL.
    const ids = [...first, ...reused, pt, other, again].map((d) => d.decisionId);
    for (let i = 0; i < 100; i++) {
      const stored = await Promise.all(ids.map((id) => s.repos.decisions.get(id)));
      if (stored.every(Boolean)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const stored = await Promise.all(ids.map((id) => s.repos.decisions.get(id)));
    expect(stored.filter(Boolean).length).toBe(ids.length);
    expect(stored.filter((r) => r?.decision.source === 'cache').length).toBe(10);
    process.stdout.write(`reply store: LLM calls for the rated situation before rating 5/5, after 0/10 (share 100 % → ${(llmShare * 100).toFixed(0)} %)\n`);
  }, 60_000);
});
