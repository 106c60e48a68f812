import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision, redisKeys } from '@npc/contracts';
import { Redis } from 'ioredis';
import { http, startStack, type Stack } from './test-harness';

let s: Stack;
let redis: Redis;
const QUEST_GIVER = {
  name: 'Mira',
  role: 'quest_giver',
  services: { quests: [{ id: 'poring_cull', name: 'Poring Cull', minLevel: 20, reward: '1000 base exp' }] },
};

beforeAll(async () => {
  s = await startStack();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  expect((await http(s.url, 'PUT', '/v1/npcs/mira', { key: s.keys.admin, body: QUEST_GIVER })).status).toBe(201);
  expect((await http(s.url, 'PUT', '/v1/npcs/guard7', { key: s.keys.admin, body: { name: 'Guard', role: 'guard' } })).status).toBe(201);
});
afterAll(async () => {
  redis?.disconnect();
  await s?.close();
});

async function askQuest(playerId: string): Promise<Decision> {
  const r = await http(s.url, 'POST', '/v1/decisions', {
    key: s.keys.game,
    body: { npc: { id: 'mira' }, player: { id: playerId, name: 'Aria', level: 25 }, event: { type: 'quest', text: 'any work for me?' }, allowedActions: ['give_quest', 'talk'], deadlineMs: 3000 },
  });
  expect(r.status).toBe(200);
  const d = Decision.parse(r.body);
  expect(d.action.type).toBe('give_quest');
  return d;
}

const feedback = (decisionId: string, body: unknown) => http(s.url, 'POST', `/v1/decisions/${decisionId}/feedback`, { key: s.keys.game, body });
const scaled = (d: Decision) => d.action.args as { monsterLevel: number; monsterCount: number; rewardTier: number };

describe('difficulty scaling over HTTP', () => {
  it('a fresh player gets the quest at par from their own level: monster level = the player\'s (25, the quest\'s floor is 20), 5 monsters, reward tier 3; said as given', async () => {
    const d = await askQuest('fresh');
    expect(d.action.args).toEqual({ quest: 'poring_cull', level: 20, reward: '1000 base exp', monsterLevel: 25, monsterCount: 5, rewardTier: 3 });
    expect(d.say).toContain('Poring Cull');
    expect(d.say).toContain('5 monsters of level 25');
    expect(d.say).toContain('1000 base exp');
  });

  it('successes raise the rating and the next quest is harder; failures lower it and the quest gets easier', async () => {
    const par = scaled(await askQuest('fresh2'));
    let last = par;
    for (let i = 0; i < 4; i++) {
      const d = await askQuest('hero');
      const fb = await feedback(d.decisionId, { rating: 1, outcome: 'culled them all', result: 'success' });
      expect(fb.status).toBe(201);
      last = scaled(d);
    }
    const hero = await s.repos.playerRatings.get('hero');
    expect(hero).toMatchObject({ matches: 4, wins: 4, losses: 0 });
    expect(hero!.mu).toBeGreaterThan(25);
    const cached = JSON.parse((await redis.get(redisKeys(s.prefix).playerSkill('hero')))!);
    expect(cached).toMatchObject({ mu: hero!.mu, sigma: hero!.sigma, matches: 4 });

    const next = scaled(await askQuest('hero'));
    expect(next.monsterLevel).toBeGreaterThan(par.monsterLevel);
    expect(next.monsterCount).toBeGreaterThan(par.monsterCount);
    expect(next.rewardTier).toBeGreaterThan(par.rewardTier);
    expect(next.monsterLevel).toBeGreaterThanOrEqual(last.monsterLevel);

    // Failures bring the hero back down.
    const beforeFail = hero!.mu;
    for (let i = 0; i < 3; i++) {
      const d = await askQuest('hero');
      expect((await feedback(d.decisionId, { rating: -1, result: 'failure' })).status).toBe(201);
    }
    const after = await s.repos.playerRatings.get('hero');
    expect(after).toMatchObject({ matches: 7, wins: 4, losses: 3 });
    expect(after!.mu).toBeLessThan(beforeFail);
    expect(scaled(await askQuest('hero')).monsterLevel).toBeLessThan(next.monsterLevel);

    // A player who only fails gets easier quests than a fresh one.
    for (let i = 0; i < 3; i++) {
      const d = await askQuest('novice');
      expect((await feedback(d.decisionId, { rating: 0, result: 'failure' })).status).toBe(201);
    }
    const easy = scaled(await askQuest('novice'));
    expect(easy.monsterLevel).toBeLessThan(par.monsterLevel);
    expect(easy.monsterCount).toBeLessThan(par.monsterCount);
    expect(easy.rewardTier).toBeLessThan(par.rewardTier);
  });

  it('a decision counts once; concurrent results for one player all count', async () => {
    const d = await askQuest('twice');
    expect((await feedback(d.decisionId, { rating: 1, result: 'success' })).status).toBe(201);
    expect((await feedback(d.decisionId, { rating: 1, result: 'success' })).status).toBe(201);
    expect(await s.repos.playerRatings.get('twice')).toMatchObject({ matches: 1 });

    const decisions = await Promise.all(Array.from({ length: 6 }, () => askQuest('busy')));
    const replies = await Promise.all(decisions.map((x, i) => feedback(x.decisionId, { rating: 1, result: i % 2 ? 'success' : 'failure' })));
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(await s.repos.playerRatings.get('busy')).toMatchObject({ matches: 6, wins: 3, losses: 3 });
    expect(JSON.parse((await redis.get(redisKeys(s.prefix).playerSkill('busy')))!)).toMatchObject({ matches: 6 });
  });

  it('combat: an attack carries scaled args at the player level, and a won fight rates the player', async () => {
    const r = await http(s.url, 'POST', '/v1/decisions', {
      key: s.keys.game,
      body: { npc: { id: 'guard7' }, player: { id: 'brawler', level: 40 }, event: { type: 'combat', text: 'die!' }, allowedActions: ['attack'], deadlineMs: 3000 },
    });
    expect(r.status).toBe(200);
    const d = Decision.parse(r.body);
    expect(d.action).toMatchObject({ type: 'attack', args: { monsterLevel: 40, monsterCount: 1, rewardTier: 3 } });
    expect((await feedback(d.decisionId, { rating: 1, result: 'success' })).status).toBe(201);
    expect(await s.repos.playerRatings.get('brawler')).toMatchObject({ matches: 1, wins: 1 });
  });

  it('a result on a decision that is not a quest or a fight is recorded but rates nobody', async () => {
    const r = await http(s.url, 'POST', '/v1/decisions', {
      key: s.keys.game,
      body: { npc: { id: 'mira' }, player: { id: 'chatty' }, event: { type: 'talk', text: 'hello' }, allowedActions: ['talk'] },
    });
    expect((await feedback(r.body.decisionId, { rating: 1, result: 'success' })).status).toBe(201);
    expect(await s.repos.playerRatings.get('chatty')).toBeNull();
  });

  it('an invalid result is a 400 naming `result`; the old body shape still works', async () => {
    const d = await askQuest('picky');
    for (const result of ['won', 1, null, 'SUCCESS']) {
      const bad = await feedback(d.decisionId, { rating: 1, result });
      expect(bad.status, String(result)).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'result' });
    }
    expect((await feedback(d.decisionId, { rating: 1, outcome: 'ok' })).status).toBe(201);
    expect(await s.repos.playerRatings.get('picky')).toBeNull();
    const doc = await http(s.url, 'GET', '/openapi.json');
    expect(doc.body.components.schemas.FeedbackInput.properties.result.enum).toEqual(['success', 'failure']);
  });

  it('a rating failure never fails the feedback: 201 and the feedback is stored', async () => {
    const d = await askQuest('unlucky');
    const pool = s.db.database.pool;
    await pool.query(`alter table "${s.schema}".player_ratings rename to player_ratings_away`);
    try {
      const fb = await feedback(d.decisionId, { rating: 1, result: 'success' });
      expect(fb.status).toBe(201);
      expect(await s.repos.feedback.listForDecision(d.decisionId)).toHaveLength(1);
    } finally {
      await pool.query(`alter table "${s.schema}".player_ratings_away rename to player_ratings`);
    }
    expect(await s.repos.playerRatings.get('unlucky')).toBeNull();
  });
});
