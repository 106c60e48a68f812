import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { SkillCache, defaultSkill, isRatedDecision, rateDecision } from '@npc/agent';
import type { DecisionRecord, FeedbackResult, Npc } from '@npc/contracts';
import type { PlayerRating, PlayerRatingRepository } from '@npc/persistence';

export interface SkillRatingDeps {
  redis: Redis;
  prefix: string;
  ratings: PlayerRatingRepository;
  log: Pick<Logger, 'warn' | 'debug'>;
}

/**
 * A quest or combat result reported through feedback: the player's rating is updated in
 * PostgreSQL (row-locked, each decision counted once), then the Redis copy the worker stages
 * read is refreshed. Returns the new rating, or null when the decision is not a rated one.
 * Throws only on a database error; a cache write failure is logged (the next update repairs it).
 */
export async function rateFromFeedback(deps: SkillRatingDeps, record: DecisionRecord, result: FeedbackResult, npc?: Npc): Promise<PlayerRating | null> {
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
