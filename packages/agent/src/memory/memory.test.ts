import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentKeys, type Memory } from '@npc/contracts';
import { decideByRules } from '@npc/rules';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { npc, record, request } from '../test-fixtures';
import type { MemoryOp } from '@npc/contracts';
import { episodesOf } from './episodes';
import { opsOf } from './log-entries';
import { memoryLines } from './prompt';
import { reflect, summaryText, tallyOf } from './reflection';
import { cosine, contentTokens, rankMemories, recencyOf, DEFAULT_HALF_LIFE_MS } from './retrieval';
import { MemoryStore } from './store';
import { makeWorldEvent, WorldKnowledge } from './world';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const mem = (id: string, kind: Memory['kind'], text: string, importance: number, at: number, facts?: Memory['facts']): Memory =>
  ({ id, kind, text, importance, at, ...(facts ? { facts } : {}) });

describe('retrieval: recency + importance + relevance (Generative Agents)', () => {
  it('recency halves every half-life', () => {
    expect(recencyOf(NOW, NOW)).toBe(1);
    expect(recencyOf(NOW - DEFAULT_HALF_LIFE_MS, NOW)).toBeCloseTo(0.5, 10);
    expect(recencyOf(NOW - 2 * DEFAULT_HALF_LIFE_MS, NOW)).toBeCloseTo(0.25, 10);
  });

  it('relevance is the cosine of normalised content-token sets (slang, plurals, stop words)', () => {
    expect(contentTokens('I want 10 red pots please')).toEqual(new Set(['red', 'potion']));
    expect(cosine(new Set(['red', 'potion']), new Set(['red', 'potion', 'buy', 'shop']))).toBeCloseTo(2 / Math.sqrt(8), 10);
    expect(cosine(new Set(), new Set(['a']))).toBe(0);
  });

  it('with equal importance and relevance, the newer memory ranks first', () => {
    const r = rankMemories([mem('old', 'chat', 'Aria chatted.', 0.3, NOW - 5 * HOUR), mem('new', 'chat', 'Aria chatted.', 0.3, NOW - HOUR)], {}, { now: NOW });
    expect(r.map((m) => m.id)).toEqual(['new', 'old']);
  });

  it('at the same time, the more important memory ranks first', () => {
    const r = rankMemories([mem('a', 'chat', 'Aria chatted.', 0.1, NOW), mem('b', 'insult', 'Aria insulted me.', 0.9, NOW)], {}, { now: NOW });
    expect(r.map((m) => m.id)).toEqual(['b', 'a']);
  });

  it('a relevant memory beats a more important unrelated one; the score is the weighted sum', () => {
    const purchase = mem('buy', 'purchase', 'Aria bought 10 Red Potions from me for 500 zeny.', 0.5, NOW - HOUR, { item: 'Red Potion', amount: 10, price: 500 });
    const insult = mem('ins', 'insult', 'Aria insulted me.', 0.9, NOW - HOUR);
    const exclude = contentTokens('Aria');
    const [first, second] = rankMemories([insult, purchase], { text: 'I want more red potions', intent: 'buy' }, { now: NOW, exclude });
    expect(first?.id).toBe('buy');
    // query {more, red, potion, buy, purchase} · memory {bought, red, potion, buy, purchase, shop}: 4 shared
    expect(first?.relevance).toBeCloseTo(4 / Math.sqrt(5 * 6), 10);
    expect(first?.score).toBeCloseTo(first!.recency + 0.5 + first!.relevance, 10);
    expect(second?.relevance).toBe(0);
    // Without the query the insult (more important) wins.
    expect(rankMemories([purchase, insult], {}, { now: NOW })[0]?.id).toBe('ins');
    // Weights: importance only.
    expect(rankMemories([purchase, insult], { text: 'red potions', intent: 'buy' }, { now: NOW, weights: { recency: 0, importance: 1, relevance: 0 } })[0]?.id).toBe('ins');
  });

  it('ranking is deterministic: ties go to the newer memory, then the id', () => {
    const a = mem('a', 'chat', 'x', 0.2, NOW);
    const b = mem('b', 'chat', 'x', 0.2, NOW);
    expect(rankMemories([b, a], {}, { now: NOW }).map((m) => m.id)).toEqual(['a', 'b']);
  });
});

describe('episodes: what a decision leaves in memory', () => {
  const merchant = npc('m1', 'merchant');
  it('a purchase with item, amount and price; importance grows with the value', () => {
    const req = request('m1', 'I want to buy 10 red potions');
    const body = decideByRules(merchant, req, 's').body;
    expect(body.action.type).toBe('buy');
    const [m] = episodesOf(record(req, body), merchant, { knewPlayer: false });
    expect(m).toMatchObject({ kind: 'purchase', facts: { item: 'Red Potion', amount: 10, price: 500 } });
    expect(m?.text).toBe('Aria bought 10 Red Potions from me for 500 zeny.');
    expect(m?.importance).toBeGreaterThan(0.5);
  });
  it('promises (quests given), insults (neurotic NPCs weigh them more), violence, first meetings', () => {
    const qg = npc('q1', 'quest_giver');
    const req = request('q1', 'any work for me?');
    const [q] = episodesOf(record(req, decideByRules(qg, req, 's').body), qg, { knewPlayer: true });
    expect(q).toMatchObject({ kind: 'quest_given', importance: 0.8, facts: { quest: 'jellopy_hunt', questName: 'Jellopy Hunt' } });
    expect(q?.text).toContain('promised 500 base exp');

    const calm = npc('g1', 'guard', { personality: { neuroticism: 0.1 } });
    const nervous = npc('g2', 'guard', { personality: { neuroticism: 0.9 } });
    const ins = request('g1', 'you are an idiot', {}, ['talk']);
    const b = decideByRules(calm, ins, 's').body;
    expect(episodesOf(record(ins, b), calm, { knewPlayer: true })[0]?.importance).toBeCloseTo(0.73);
    expect(episodesOf(record(ins, b), nervous, { knewPlayer: true })[0]?.importance).toBeCloseTo(0.97);

    const hit = request('g1', undefined, { event: { type: 'combat' } }, ['attack', 'talk']);
    const kinds = episodesOf(record(hit, decideByRules(calm, hit, 's').body), calm, { knewPlayer: true }).map((m) => m.kind);
    expect(kinds).toEqual(['violence', 'alarm']);

    const hello = request('g1', 'hello');
    const hb = decideByRules(calm, hello, 's').body;
    expect(episodesOf(record(hello, hb), calm, { knewPlayer: false })[0]?.kind).toBe('met');
    expect(episodesOf(record(hello, hb), calm, { knewPlayer: true, lastChatAt: Date.now() - 60_000 })).toEqual([]);
    expect(episodesOf(record(request('g1', undefined, { event: { type: 'idle' } }), hb), calm, { knewPlayer: true })).toEqual([]);
  });
});

describe('reflection', () => {
  const base = { npcId: 'm1', playerId: 'p1', name: 'Aria', firstSeen: NOW, lastSeen: NOW, visits: 14 };
  const episodes = Array.from({ length: 14 }, (_, i): Memory => i % 3 === 0
    ? mem(`e${i}`, 'purchase', `Aria bought 2 Red Potions.`, 0.5, NOW + i, { item: 'Red Potion', amount: 2, price: 100 })
    : i % 3 === 1 ? mem(`e${i}`, 'insult', 'Aria insulted me.', 0.8, NOW + i) : mem(`e${i}`, 'chat', 'Aria chatted.', 0.1, NOW + i));

  it('folds the oldest episodes into one summary past the bound, keeping exact totals', () => {
    const before = tallyOf({ episodes }, NOW);
    const { state, folded } = reflect({ ...base, episodes }, { maxEpisodes: 12, keepRecent: 6 });
    expect(folded).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    expect(state.episodes.map((m) => m.id)).toEqual(['e8', 'e9', 'e10', 'e11', 'e12', 'e13']);
    expect(state.reflection).toMatchObject({ id: 'reflection', kind: 'reflection', importance: 0.8, at: NOW + 7 });
    expect(state.reflection?.text).toBe('What I know of Aria: 14 encounters; bought 6 Red Potion over 3 purchases; insulted me 3 times.');
    expect(tallyOf(state, NOW)).toEqual(before);
    // Within the bound nothing happens; folding again merges the tallies.
    expect(reflect(state, { maxEpisodes: 12, keepRecent: 6 }).folded).toEqual([]);
    const more = [...state.episodes, ...episodes.map((m) => ({ ...m, id: `x${m.id}`, at: m.at + 100 }))];
    const again = reflect({ ...state, episodes: more }, { maxEpisodes: 12, keepRecent: 6 });
    expect(again.state.episodes).toHaveLength(6);
    expect(tallyOf(again.state, NOW)).toEqual(tallyOf({ ...state, episodes: more }, NOW));
  });

  it('the summary is deterministic and bounded', () => {
    const t = tallyOf({ episodes }, NOW);
    expect(summaryText(t, 'Aria', 3)).toBe(summaryText(t, 'Aria', 3));
    const big = { ...t, quests: Array.from({ length: 8 }, (_, i) => `A very long quest name number ${i} of many`), questsGiven: 8 };
    expect(summaryText(big, 'Aria', 99).length).toBeLessThanOrEqual(240);
  });
});

describe('MemoryStore (real Redis)', () => {
  const { QUEUE_PREFIX: prefix } = isolatedEnv();
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisPrefix(prefix);
  });
  const merchant = npc('m1', 'merchant');

  it('remembers a purchase and recalls it (with the name) for the next decision, in one round trip', async () => {
    const store = new MemoryStore(redis, prefix);
    const first = request('m1', 'I want to buy 10 red potions');
    const snap0 = await store.load('m1', 'p1');
    expect(snap0.state).toBeNull();
    const body = decideByRules(merchant, first, 'a', { memory: store.recall(snap0, first) }).body;
    const res = await store.remember(record(first, body), merchant, snap0);
    expect(res.written.map((m) => m.kind)).toEqual(['purchase']);
    expect(await redis.ttl(agentKeys(prefix).memory('m1', 'p1'))).toBeGreaterThan(86_400);

    const hello = request('m1', 'hello', { player: { id: 'p1' } }); // no name this time
    const snap = await store.load('m1', 'p1');
    const recall = store.recall(snap, hello);
    expect(recall).toMatchObject({ playerName: 'Aria', visits: 1, tally: { purchases: 1, bought: { 'Red Potion': 10 } } });
    expect(recall.memories[0]?.facts).toMatchObject({ item: 'Red Potion', amount: 10 });
    const reply = decideByRules(merchant, hello, 'b', { memory: recall }).body;
    expect(reply.say).toContain('Aria');
    expect(reply.say).toMatch(/10 Red Potions/);
    expect(memoryLines(recall).join('\n')).toContain('bought 10 Red Potions');
  });

  it('concurrent decisions for one player lose nothing (atomic appends), and the set stays bounded (reflection, CAS)', async () => {
    const store = new MemoryStore(redis, prefix, { reflect: { maxEpisodes: 8, keepRecent: 4 } });
    const reqs = Array.from({ length: 30 }, () => request('m1', 'I want to buy 2 red potions', { player: { id: 'p9', name: 'Bo' } }));
    await Promise.all(reqs.map((r, i) => store.remember(record(r, decideByRules(merchant, r, `s${i}`).body), merchant)));
    // Decisions that ran side by side all read a short list: the next one folds the excess.
    const next = request('m1', 'I want to buy 2 red potions', { player: { id: 'p9', name: 'Bo' } });
    expect((await store.remember(record(next, decideByRules(merchant, next, 'next').body), merchant)).reflected).toBe(true);
    const state = await store.get('m1', 'p9');
    expect(state?.visits).toBe(31);
    expect(state!.episodes.length).toBeLessThanOrEqual(8);
    expect(tallyOf(state, Date.now())).toMatchObject({ purchases: 31, bought: { 'Red Potion': 62 } });
    expect(state?.reflection?.text).toMatch(/^What I know of Bo: \d+ encounters; bought \d+ Red Potion over \d+ purchases\.$/);
    // A retried write of the same decision is recognised.
    const r = reqs[0]!;
    const rec = record(r, decideByRules(merchant, r, 'again').body);
    expect((await store.remember(rec, merchant)).written).toHaveLength(1);
    expect((await store.remember(rec, merchant)).written).toHaveLength(0);
    // Every change went to the PostgreSQL feed.
    expect(await redis.xlen(agentKeys(prefix).memoryLog)).toBeGreaterThanOrEqual(32);
  });

  it('reads world events with the memory: unexpired, for this NPC, most important first', async () => {
    const world = new WorldKnowledge(redis, prefix);
    await world.publish(makeWorldEvent({ type: 'news', text: 'The king is ill', importance: 0.3, ttlS: 3600 }));
    await world.publish(makeWorldEvent({ type: 'boss_spawn', text: 'Baphomet spawned on prt_fild08', map: 'prt_fild08', importance: 0.9, ttlS: 3600 }));
    await world.publish(makeWorldEvent({ type: 'news', text: 'Only for m2', importance: 1, ttlS: 3600, npcIds: ['m2'] }));
    await world.publish(makeWorldEvent({ type: 'news', text: 'Old news', importance: 1, ttlS: 10 }, Date.now() - 20_000));
    const snap = await new MemoryStore(redis, prefix).load('m1', 'p1');
    expect(snap.news.map((e) => e.text)).toEqual(['Baphomet spawned on prt_fild08', 'The king is ill']);
    expect((await world.recent('m2')).map((e) => e.text)).toContain('Only for m2');
  });

  it('streams every change for PostgreSQL: episodes added, reflections with the ids they fold', async () => {
    const { QUEUE_PREFIX: own } = isolatedEnv();
    const store = new MemoryStore(redis, own, { reflect: { maxEpisodes: 4, keepRecent: 2 } });
    for (let i = 0; i < 6; i++) {
      const r = request('m1', 'I want to buy 2 red potions', { player: { id: 'p5', name: 'Cy' } });
      await store.remember(record(r, decideByRules(merchant, r, `x${i}`).body, Date.now() + i), merchant);
    }
    // What the stream→PostgreSQL writer (packages/pipeline, src/logs) applies: each entry's ops.
    const entries = await redis.xrange(store.logKey, '-', '+');
    expect(entries.length).toBeGreaterThanOrEqual(6);
    const applied: MemoryOp[] = entries.flatMap(([, fields]) => opsOf(fields));
    const adds = applied.filter((o) => o.op === 'add');
    const reflects = applied.filter((o) => o.op === 'reflect');
    expect(adds).toHaveLength(6);
    expect(adds[0]).toMatchObject({ npcId: 'm1', playerId: 'p5', name: 'Cy', memory: { kind: 'purchase' } });
    expect(reflects.length).toBeGreaterThanOrEqual(1);
    const folded = reflects.flatMap((o) => (o.op === 'reflect' ? o.folded : []));
    expect(new Set(folded).size).toBe(folded.length); // nothing folded twice
    const state = await store.get('m1', 'p5');
    expect(folded.length + state!.episodes.length).toBe(6);
    await deleteRedisPrefix(own);
  });
});
