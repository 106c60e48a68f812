import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { AgentRuntime, MemoryStore, memoryLines } from '@npc/agent';
import { createLogger } from '@npc/config';
import { redisKeys, type DecisionBody, type DecisionEnvelope, type Npc } from '@npc/contracts';
import type { LlmDecideInput, LlmOutcome } from '@npc/llm';
import { useTestRedis } from '@npc/testing';
import { createLlmStage, createRulesStage, readDecision } from '../index';

const { prefix, redis } = useTestRedis();
const keys = redisKeys(prefix);
const log = createLogger('test', 'silent');

const at = new Date().toISOString();
const merchant: Npc = {
  id: 'hans', name: 'Hans', role: 'merchant', background: '', createdAt: at, updatedAt: at,
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  services: { shop: [{ item: 'Red Potion', price: 50 }] },
};
function envelope(npc: Npc, text: string, player = { id: 'p1', name: 'Aria' }): DecisionEnvelope {
  const now = Date.now();
  return {
    decisionId: randomUUID(), npc, apiKeyId: 'k', receivedAt: now, deadlineAt: now + 2000, replyTo: keys.replyChannel('t'), hops: ['rules'],
    request: { npc: { id: npc.id }, player, event: { type: 'talk', text }, allowedActions: ['talk', 'buy', 'emote'], deadlineMs: 2000, wait: true },
  };
}

describe('rules stage with the agent (default: memory over the stage’s Redis)', () => {
  it('remembers after finalize, and the next decision shows it', async () => {
    const stage = createRulesStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'w' });
    const first = envelope(merchant, 'I want to buy 10 red potions');
    expect((await stage(first)).outcome).toBe('answered');
    const second = envelope(merchant, 'hi there');
    await stage(second);
    const rec = await readDecision(redis, prefix, second.decisionId);
    expect(rec?.decision.say).toMatch(/10 Red Potions/);
    expect(rec?.decision.source).toBe('rules');
    // A retried job (same decision) is answered once and remembered once.
    expect((await stage(first)).outcome).toBe('already-answered');
    const state = await new MemoryStore(redis, prefix).get('hans', 'p1');
    expect(state?.visits).toBe(2);
  });

  it('agent: false is the plain rules stage (no memory)', async () => {
    const stage = createRulesStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'w', agent: false });
    const e = envelope(merchant, 'hello', { id: 'p-plain', name: 'Plain' });
    await stage(e);
    expect(await new MemoryStore(redis, prefix).get('hans', 'p-plain')).toBeNull();
  });
});

describe('LLM stage with the agent', () => {
  const body: DecisionBody = { action: { type: 'talk', args: {} }, say: 'From the LLM.', emotion: null, intent: { name: 'smalltalk', confidence: 0.9 } };
  const fakeLlm = (seen: LlmDecideInput[], ok = true) => ({
    async decide(input: LlmDecideInput): Promise<LlmOutcome> {
      seen.push(input);
      return ok
        ? { ok: true, body, provider: 'fake', model: 'fake-1', usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.001, calls: [], attempts: 1 }
        : { ok: false, reason: 'all_failed', costUsd: 0, calls: [], attempts: 1 };
    },
  });

  it('puts the recalled memories in the prompt, and remembers the LLM answer too', async () => {
    const seen: LlmDecideInput[] = [];
    const agent = new AgentRuntime({ memory: new MemoryStore(redis, prefix) });
    const rules = createRulesStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'w', agent });
    const llm = createLlmStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'l', llm: fakeLlm(seen), onCall: () => undefined, log, agent });
    const p = { id: 'p-llm', name: 'Lia' };
    await rules(envelope(merchant, 'I want to buy 3 red potions', p));
    const e = envelope(merchant, 'tell me about your day', p);
    expect(await llm(e)).toMatchObject({ source: 'llm', outcome: 'answered' });
    expect(seen[0]?.memory?.join('\n')).toMatch(/Lia bought 3 Red Potions/);
    expect((await agent.memory!.get('hans', 'p-llm'))?.visits).toBe(2);
    expect(memoryLines((await agent.prepare(merchant, e.request)).recall)[0]).toBe('Lia has met you 2 times before.');
  });

  it('an NPC with a tree: the LLM is one of its leaves (and its failure falls through to the rules)', async () => {
    const seen: LlmDecideInput[] = [];
    const npc: Npc = { ...merchant, id: 'bard', behaviorTree: { type: 'selector', children: [{ type: 'action', call: 'Llm' }, { type: 'action', call: 'Rules' }] } };
    const ok = createLlmStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'l', llm: fakeLlm(seen), onCall: () => undefined, log });
    const e1 = envelope(npc, 'sing me a song');
    expect(await ok(e1)).toMatchObject({ source: 'llm' });
    expect((await readDecision(redis, prefix, e1.decisionId))?.decision).toMatchObject({ say: 'From the LLM.', source: 'llm', costUsd: 0.001 });
    const failing = createLlmStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'l', llm: fakeLlm(seen, false), onCall: () => undefined, log });
    const e2 = envelope(npc, 'sing me a song');
    expect(await failing(e2)).toMatchObject({ source: 'rules', reason: 'all_failed' });
    expect((await readDecision(redis, prefix, e2.decisionId))?.decision.source).toBe('rules');
  });
});
