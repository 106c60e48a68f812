import type { Redis } from 'ioredis';
import type { DecisionRecord, FeedbackResult, Npc } from '@npc/contracts';
import { defaultSkill, type SkillRating } from './model';
import { isRatedDecision, rateDecision } from './scale';
import { SkillCache } from './skill-cache';

/** A player's rating as stored (PostgreSQL `player_ratings`): the belief and its counts. */
export interface StoredSkill extends SkillRating {
  playerId: string;
  matches: number;
  wins: number;
  losses: number;
  updatedAt: string;
}

/**
 * Where ratings are kept for good (`PlayerRatingRepository` of `@npc/persistence`): applies one
 * decision's result once, with the player's row locked, calling `update` on the current rating.
 */
export interface SkillLedger {
  applyResult(input: {
    playerId: string;
    decisionId: string;
    result: FeedbackResult;
    initial: SkillRating;
    update: (current: SkillRating) => SkillRating;
  }): Promise<{ rating: StoredSkill; applied: boolean }>;
}

export interface SkillFeedbackDeps {
  redis: Redis;
  prefix: string;
  ratings: SkillLedger;
  log: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void };
}

/**
 * A quest or combat result reported through feedback: the player's rating is updated in
 * PostgreSQL (row-locked, each decision counted once), then the Redis copy the worker stages
 * read is refreshed. Returns the new rating, or null when the decision is not a rated one.
 * Throws only on a database error; a cache write failure is logged (the next update repairs it).
 */
export async function rateFromFeedback(deps: SkillFeedbackDeps, record: DecisionRecord, result: FeedbackResult, npc?: Npc): Promise<StoredSkill | null> {
  const { action } = record.decision;
  const { player, event } = record.request;
  if (!isRatedDecision(action.type, event.type)) return null;
  const { rating, applied } = await deps.ratings.applyResult({
    playerId: player.id,
    decisionId: record.decision.decisionId,
    result,
    initial: defaultSkill(),
    update: (current) => rateDecision(current, action, player, result, npc),
  });
  try {
    await new SkillCache(deps.redis, deps.prefix).write(player.id, {
      mu: rating.mu, sigma: rating.sigma, matches: rating.matches, wins: rating.wins, losses: rating.losses, updatedAt: rating.updatedAt,
    });
  } catch (err) {
    deps.log.warn({ err: String(err), playerId: player.id }, 'could not refresh the cached skill rating');
  }
  deps.log.debug({ playerId: player.id, decisionId: record.decision.decisionId, result, applied, mu: rating.mu, sigma: rating.sigma }, 'skill rating');
  return rating;
}
