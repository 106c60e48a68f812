import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkillCache } from '@npc/agent';
import { createLogger } from '@npc/config';
import { redisKeys, type DecisionBody, type DecisionEnvelope, type Npc } from '@npc/contracts';
import type { LlmDecideInput, LlmOutcome } from '@npc/llm';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { answer, createLlmStage, createRulesStage, finalizeDecision, readDecision, readSkill, stamp, withDifficulty } from '../index';

const { QUEUE_PREFIX: prefix } = isolatedEnv();
const keys = redisKeys(prefix);
let redis: Redis;
beforeAll(async () => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  // A strong player: mu two skill units above a fresh one.
  await new SkillCache(redis, prefix).write('strong', { mu: 25 + 2 * (25 / 3), sigma: 4, matches: 8, wins: 8, losses: 0 });
});
afterAll(async () => {
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

const at = new Date().toISOString();
const mira: Npc = {
  id: 'mira', name: 'Mira', role: 'quest_giver', background: '', createdAt: at, updatedAt: at,
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  services: { quests: [{ id: 'poring_cull', name: 'Poring Cull', minLevel: 20 }] },
};
function envelope(playerId: string): DecisionEnvelope {
  const now = Date.now();
  return {
    decisionId: randomUUID(), npc: mira, apiKeyId: 'k', receivedAt: now, deadlineAt: now + 2000, replyTo: keys.replyChannel('t'), hops: ['rules'],
    request: { npc: { id: 'mira' }, player: { id: playerId, level: 25 }, event: { type: 'quest', text: 'any work for me?' }, allowedActions: ['give_quest', 'talk'], deadlineMs: 2000, wait: true },
  };
}
const quest: DecisionBody = { action: { type: 'give_quest', args: { quest: 'poring_cull', level: 20 } }, say: 'Here.', emotion: null, intent: { name: 'quest_request', confidence: 0.9 } };
const fin = { prefix, ttlSeconds: 60 };

describe('difficulty scaling, a step of every stage’s answer', () => {
  it('the rules stage and the LLM stage both store scaled quests from the player\'s level: par for an unknown player, harder for a strong one', async () => {
    const rules = createRulesStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'w', agent: false });
    const llm = createLlmStage({
      redis, prefix, ttlSeconds: 60, answeredBy: 'l', agent: false, onCall: () => undefined, log: createLogger('test', 'silent'),
      llm: { decide: async (_: LlmDecideInput): Promise<LlmOutcome> => ({ ok: true, body: { ...quest, action: { type: 'give_quest', args: { quest: 'poring_cull', level: 20, monsterLevel: 999 } } }, costUsd: 0 } as LlmOutcome) },
    });
    for (const stage of [rules, llm]) {
      const fresh = envelope('unknown');
      await stage(fresh);
      expect((await readDecision(redis, prefix, fresh.decisionId))!.decision.action.args).toMatchObject({ monsterLevel: 25, monsterCount: 5, rewardTier: 3 });
      const strong = envelope('strong');
      await stage(strong);
      expect((await readDecision(redis, prefix, strong.decisionId))!.decision.action.args).toMatchObject({ monsterLevel: 30, monsterCount: 10, rewardTier: 4 });
    }
  });

  it('the answer step scales (difficulty is its own step, before finalize, which stores the record as given); other actions are untouched', async () => {
    const ctx = { redis, prefix, ttlSeconds: 60, answeredBy: 't' };
    const e = envelope('strong');
    const { record, won } = await answer(ctx, e, { body: quest, source: 'rules' });
    expect(won).toBe(true);
    expect(record.decision.action.args).toMatchObject({ monsterLevel: 30 });
    expect(await readDecision(redis, prefix, e.decisionId)).toEqual(record);

    const raw = envelope('strong');
    const plain = await finalizeDecision(redis, stamp(raw, { body: quest, source: 'rules' }, 't'), '', fin);
    expect(plain.record.decision.action.args).toEqual({ quest: 'poring_cull', level: 20 });

    const strongAgain = envelope('strong');
    const scaled = await withDifficulty(redis, prefix, stamp(strongAgain, { body: quest, source: 'rules' }, 't'), { npc: mira });
    expect(scaled.decision.action.args).toMatchObject({ monsterLevel: 30, monsterCount: 10, rewardTier: 4 });

    const talk = envelope('strong');
    const body: DecisionBody = { ...quest, action: { type: 'talk', args: {} } };
    expect((await answer(ctx, talk, { body, source: 'rules' })).record.decision.action).toEqual({ type: 'talk', args: {} });
  });

  it('reads a fresh rating for an unknown player, a corrupt entry, or a failing Redis', async () => {
    expect(await readSkill(redis, prefix, 'nobody')).toEqual({ mu: 25, sigma: 25 / 3 });
    await redis.set(keys.playerSkill('corrupt'), '{"mu":');
    expect(await readSkill(redis, prefix, 'corrupt')).toEqual({ mu: 25, sigma: 25 / 3 });
    const broken = { get: async () => { throw new Error('down'); } } as unknown as Redis;
    expect(await readSkill(broken, prefix, 'strong')).toEqual({ mu: 25, sigma: 25 / 3 });
  });
});
