import type { Kysely } from 'kysely';
import type { FeedbackResult } from '@npc/contracts';
import { isUuid } from './ids';
import type { Database } from './schema';

/** Mean and uncertainty of a skill rating (OpenSkill units; the model lives in `@npc/agent`). */
export interface RatingValue {
  mu: number;
  sigma: number;
}

export interface PlayerRating extends RatingValue {
  playerId: string;
  matches: number;
  wins: number;
  losses: number;
  updatedAt: string;
}

export interface RatingResultInput {
  playerId: string;
  /** The decision the result is about: each decision counts once. */
  decisionId: string;
  result: FeedbackResult;
  /** The rating of a player seen for the first time. */
  initial: RatingValue;
  /** The new rating from the current one (called inside the transaction, with the row locked). */
  update: (current: RatingValue) => RatingValue;
}

export interface RatingResultOutcome {
  rating: PlayerRating;
  /** false when this decision's result had already been counted (the rating is unchanged). */
  applied: boolean;
}

type Row = { player_id: string; mu: number; sigma: number; matches: number; wins: number; losses: number; updated_at: Date };

const toRating = (row: Row): PlayerRating => ({
  playerId: row.player_id,
  mu: row.mu,
  sigma: row.sigma,
  matches: row.matches,
  wins: row.wins,
  losses: row.losses,
  updatedAt: row.updated_at.toISOString(),
});

/**
 * Players' skill ratings (`migrations/0005_difficulty.ts`). Each result is applied in one
 * transaction holding the player's row lock (`SELECT … FOR UPDATE`): concurrent results for one
 * player are applied one after the other, each to the rating the previous one left, so all count.
 */
export class PlayerRatingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(playerId: string): Promise<PlayerRating | null> {
    const row = await this.db.selectFrom('player_ratings').selectAll().where('player_id', '=', playerId).executeTakeFirst();
    return row ? toRating(row) : null;
  }

  async applyResult(input: RatingResultInput): Promise<RatingResultOutcome> {
    if (!isUuid(input.decisionId)) throw new Error(`invalid decision id: ${JSON.stringify(input.decisionId)}`);
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('player_ratings')
        .values({ player_id: input.playerId, mu: input.initial.mu, sigma: input.initial.sigma })
        .onConflict((oc) => oc.column('player_id').doNothing())
        .execute();
      const current = await trx.selectFrom('player_ratings').selectAll().where('player_id', '=', input.playerId).forUpdate().executeTakeFirstOrThrow();
      const next = input.update({ mu: current.mu, sigma: current.sigma });
      if (!Number.isFinite(next.mu) || !Number.isFinite(next.sigma) || next.sigma <= 0) throw new Error(`invalid rating ${JSON.stringify(next)}`);
      // One result per decision: a repeated feedback (even a concurrent one, serialised by the row lock) changes nothing.
      const counted = await trx
        .insertInto('player_rating_results')
        .values({ decision_id: input.decisionId, player_id: input.playerId, result: input.result, mu_before: current.mu, mu_after: next.mu })
        .onConflict((oc) => oc.column('decision_id').doNothing())
        .returning('decision_id')
        .executeTakeFirst();
      if (!counted) return { rating: toRating(current), applied: false };
      const won = input.result === 'success';
      const updated = await trx
        .updateTable('player_ratings')
        .set((eb) => ({
          mu: next.mu,
          sigma: next.sigma,
          matches: eb('matches', '+', 1),
          wins: eb('wins', '+', won ? 1 : 0),
          losses: eb('losses', '+', won ? 0 : 1),
          updated_at: new Date(),
        }))
        .where('player_id', '=', input.playerId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { rating: toRating(updated), applied: true };
    });
  }
}
