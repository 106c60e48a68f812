import type { Cluster, Redis } from 'ioredis';
import { applyScaling, defaultSkill, isScaledAction, parseSkill, type SkillRating } from '@npc/agent';
import { redisKeys, type Action, type DecisionRecord, type Npc } from '@npc/contracts';
import { sayForAction } from '@npc/rules';

/**
 * Difficulty scaling of a decided record: `give_quest` and `attack` get `monsterLevel`,
 * `monsterCount` and `rewardTier` (and a quest its reward) from the player's skill rating and
 * level (README, "Difficulty scaling"). Every stage's answer passes through here, the difficulty
 * step of the answer (./answer.ts, `settle`): rules, agent, LLM, cache, inference and the gateway's
 * fallback alike, before finalize. Other
 * actions are returned untouched, with no Redis read. The rules and the agent already scale while
 * they decide (their words are made from the scaled args), so for them this changes nothing; an
 * answer whose args do change here (an LLM's, a cached one) gets its words made again from the
 * final args, so what is said always agrees with what is done.
 */
export interface DifficultyContext {
  /** The NPC (its quests give a quest's level range and par count; its voice says a changed action). */
  npc?: Npc;
  /** The player's rating, when the stage already read it (no second read). */
  skill?: SkillRating;
}

export async function withDifficulty(redis: Redis | Cluster, prefix: string, record: DecisionRecord, ctx: DifficultyContext = {}): Promise<DecisionRecord> {
  if (!isScaledAction(record.decision.action.type)) return record;
  return scaleRecord(record, ctx.skill ?? await readSkill(redis, prefix, record.request.player.id), ctx.npc);
}

/** The player's cached rating; the default (a fresh player) when unknown or when Redis fails. */
export async function readSkill(redis: Redis | Cluster, prefix: string, playerId: string): Promise<SkillRating> {
  try {
    return parseSkill(await redis.get(redisKeys(prefix).playerSkill(playerId))) ?? defaultSkill();
  } catch {
    return defaultSkill();
  }
}

const sameArgs = (a: Action, b: Action): boolean => a.type === b.type && JSON.stringify(a.args) === JSON.stringify(b.args);

/** The record with its action scaled for `skill` (the same object when nothing changes), its say made from the final args when they changed. */
export function scaleRecord(record: DecisionRecord, skill: SkillRating, npc?: Npc): DecisionRecord {
  const before = record.decision.action;
  const action = applyScaling(before, record.request.player, skill, npc);
  if (action === before || sameArgs(action, before)) return record;
  const say = npc ? sayForAction(npc, record.request, action, record.decision.decisionId, record.decision.language) : undefined;
  return { ...record, decision: { ...record.decision, action, ...(say !== undefined ? { say } : {}) } };
}
