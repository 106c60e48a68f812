import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '@npc/contracts';
import { createTestDatabase, PlayerRatingRepository, type TestDatabase } from '@npc/persistence';
import { decideByRules } from '@npc/rules';
import { useTestRedis } from '@npc/testing';
import { npc, record, request } from '../test-fixtures';
import { rateFromFeedback } from './feedback';
import { SKILL_MU } from './model';

const { prefix, redis } = useTestRedis();
let test: TestDatabase;
let ratings: PlayerRatingRepository;
const warnings: string[] = [];
const log = { warn: (_: object, msg: string) => void warnings.push(msg), debug: () => undefined };

beforeAll(async () => {
  test = await createTestDatabase();
  ratings = new PlayerRatingRepository(test.database.db);
});
afterAll(() => test?.drop());

const mira = npc('mira', 'quest_giver');
/** A decision of the rules for `playerId` (level 25) and its record. */
const decided = (playerId: string, event: 'quest' | 'talk', text: string) => {
  const req = request('mira', text, { player: { id: playerId, name: 'Aria', level: 25 }, event: { type: event, text } }, ['give_quest', 'talk']);
  return record(req, decideByRules(mira, req, `d-${playerId}`).body);
};
const questRecord = (playerId: string) => {
  const rec = decided(playerId, 'quest', 'any work for me?');
  expect(rec.decision.action.type).toBe('give_quest');
  return rec;
};

describe('rateFromFeedback: a quest or combat result moves the player\'s rating, stored then cached', () => {
  it('a success raises mu in PostgreSQL and in the Redis copy the stages read; the same decision again counts once', async () => {
    const rec = questRecord('fb1');
    const deps = { redis, prefix, ratings, log };
    const rated = await rateFromFeedback(deps, rec, 'success', mira);
    expect(rated?.mu).toBeGreaterThan(SKILL_MU);
    expect(rated).toMatchObject({ playerId: 'fb1', matches: 1, wins: 1, losses: 0 });
    expect(await ratings.get('fb1')).toMatchObject({ mu: rated!.mu, matches: 1 });
    expect(JSON.parse((await redis.get(redisKeys(prefix).playerSkill('fb1')))!)).toMatchObject({ mu: rated!.mu, matches: 1, wins: 1 });
    const again = await rateFromFeedback(deps, rec, 'success', mira);
    expect(again).toMatchObject({ mu: rated!.mu, matches: 1 });
    const lost = await rateFromFeedback(deps, questRecord('fb1'), 'failure', mira);
    expect(lost!.mu).toBeLessThan(rated!.mu);
    expect(lost).toMatchObject({ matches: 2, wins: 1, losses: 1 });
    expect(warnings).toEqual([]);
  });

  it('a talk is not a rated decision: nothing is stored', async () => {
    const talk = decided('fb2', 'talk', 'hello');
    expect(talk.decision.action.type).toBe('talk');
    expect(await rateFromFeedback({ redis, prefix, ratings, log }, talk, 'success', mira)).toBeNull();
    expect(await ratings.get('fb2')).toBeNull();
    expect(await redis.get(redisKeys(prefix).playerSkill('fb2'))).toBeNull();
  });
});
