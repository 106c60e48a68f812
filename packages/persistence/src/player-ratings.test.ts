import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlayerRatingRepository, type RatingValue } from './player-ratings';
import { createTestDatabase, type TestDatabase } from './test-db';

/** A stand-in for the OpenSkill update (the model lives in @npc/agent): +1 / -1 mu, sigma × 0.9. */
const step = (won: boolean) => (r: RatingValue): RatingValue => ({ mu: r.mu + (won ? 1 : -1), sigma: r.sigma * 0.9 });
const INITIAL = { mu: 25, sigma: 25 / 3 };

describe('PlayerRatingRepository', () => {
  let test: TestDatabase;
  let ratings: PlayerRatingRepository;
  beforeAll(async () => {
    test = await createTestDatabase({ poolSize: 12 });
    ratings = new PlayerRatingRepository(test.database.db);
  });
  afterAll(() => test.drop());

  it('creates a player at the initial rating, then applies each result with the tally', async () => {
    expect(await ratings.get('p1')).toBeNull();
    const first = await ratings.applyResult({ playerId: 'p1', decisionId: randomUUID(), result: 'success', initial: INITIAL, update: step(true) });
    expect(first.applied).toBe(true);
    expect(first.rating).toMatchObject({ playerId: 'p1', mu: 26, sigma: INITIAL.sigma * 0.9, matches: 1, wins: 1, losses: 0 });
    const second = await ratings.applyResult({ playerId: 'p1', decisionId: randomUUID(), result: 'failure', initial: INITIAL, update: step(false) });
    expect(second.rating).toMatchObject({ mu: 25, matches: 2, wins: 1, losses: 1 });
    expect(await ratings.get('p1')).toEqual(second.rating);
    expect(Date.parse(second.rating.updatedAt)).not.toBeNaN();
  });

  it('counts a decision once: a repeated result leaves the rating unchanged', async () => {
    const decisionId = randomUUID();
    const a = await ratings.applyResult({ playerId: 'p2', decisionId, result: 'success', initial: INITIAL, update: step(true) });
    const b = await ratings.applyResult({ playerId: 'p2', decisionId, result: 'success', initial: INITIAL, update: step(true) });
    expect(a.applied).toBe(true);
    expect(b.applied).toBe(false);
    expect(b.rating).toEqual(a.rating);
  });

  it('concurrent results for one player all count (row lock), a new player included', async () => {
    const n = 20;
    const results = await Promise.all(Array.from({ length: n }, (_, i) =>
      ratings.applyResult({ playerId: 'racer', decisionId: randomUUID(), result: i % 4 === 0 ? 'failure' : 'success', initial: INITIAL, update: step(i % 4 !== 0) })));
    expect(results.every((r) => r.applied)).toBe(true);
    const final = await ratings.get('racer');
    expect(final).toMatchObject({ matches: n, wins: 15, losses: 5, mu: 25 + 15 - 5 });
    expect(final!.sigma).toBeCloseTo(INITIAL.sigma * 0.9 ** n, 9);
    // Each saw the rating the one before it left: the tallies returned are 1..n, each once.
    expect(results.map((r) => r.rating.matches).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('concurrent repeats of one decision count once', async () => {
    const decisionId = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () =>
      ratings.applyResult({ playerId: 'dup', decisionId, result: 'success', initial: INITIAL, update: step(true) })));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(await ratings.get('dup')).toMatchObject({ matches: 1, wins: 1, mu: 26 });
  });

  it('a failing update rolls back: nothing is counted', async () => {
    const decisionId = randomUUID();
    await expect(ratings.applyResult({ playerId: 'p3', decisionId, result: 'success', initial: INITIAL, update: () => ({ mu: Number.NaN, sigma: 1 }) })).rejects.toThrow(/invalid rating/);
    expect(await ratings.get('p3')).toBeNull();
    const retry = await ratings.applyResult({ playerId: 'p3', decisionId, result: 'success', initial: INITIAL, update: step(true) });
    expect(retry.applied).toBe(true);
    await expect(ratings.applyResult({ playerId: 'p3', decisionId: 'nope', result: 'success', initial: INITIAL, update: step(true) })).rejects.toThrow(/decision id/);
  });
});
