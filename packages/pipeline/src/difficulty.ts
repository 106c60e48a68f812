import type { Cluster, Redis } from 'ioredis';
import { applyScaling, defaultSkill, isScaledAction, parseSkill, type SkillRating } from '@npc/agent';
import { redisKeys, type DecisionRecord } from '@npc/contracts';

/**
 * Difficulty scaling of a decided record: `give_quest` and `attack` get `monsterLevel`,
 * `monsterCount` and `rewardTier` from the player's skill rating (README, "Difficulty scaling").
 * Every stage's answer passes through here, in `finalizeDecision`: rules, agent, LLM, cache,
 * inference and the gateway's fallback alike. Other actions are returned untouched, with no
 * Redis read.
 */
export async function withDifficulty(redis: Redis | Cluster, prefix: string, record: DecisionRecord): Promise<DecisionRecord> {
  if (!isScaledAction(record.decision.action.type)) return record;
  return scaleRecord(record, await readSkill(redis, prefix, record.request.player.id));
}

/** The player's cached rating; the default (a fresh player) when unknown or when Redis fails. */
export async function readSkill(redis: Redis | Cluster, prefix: string, playerId: string): Promise<SkillRating> {
  try {
    return parseSkill(await redis.get(redisKeys(prefix).playerSkill(playerId))) ?? defaultSkill();
  } catch {
    return defaultSkill();
  }
}

/** The record with its action scaled for `skill` (the same object when the action is not scaled). */
export function scaleRecord(record: DecisionRecord, skill: SkillRating): DecisionRecord {
  const action = applyScaling(record.decision.action, record.request.player, skill);
  return action === record.decision.action ? record : { ...record, decision: { ...record.decision, action } };
}
