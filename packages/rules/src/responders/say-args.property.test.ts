/**
 * Property tests (fast-check): for every action type, whatever the NPC's services, personality,
 * the player's language and the difficulty scaling, what the NPC says agrees with what it does:
 * the count, the item, every price or fee it names, the destination, the job, the quest and its
 * scaled requirement and reward. And it never names a map, coordinates or the player's id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, decisionBodyFor, type Action, type ActionType, type Language, type NpcRole, type Services } from '@npc/contracts';
import { decideByRules } from '../decide';
import { ITEMS, TOWNS } from '../lexicon';
import { recognize } from '../recognize';
import { makeNpc, makeRequest } from '../test-fixtures';
import { catalogFor } from './i18n/index';

const CONSUMABLES = ITEMS.filter((i) => i.category === 'consumable' && !/potion$/i.test(i.name.split(' ')[0] ?? '') && i.name !== 'Potion').map((i) => i.name);
const LOOT = ITEMS.filter((i) => i.category === 'loot').map((i) => i.name);
const WEAPONS = ITEMS.filter((i) => i.category === 'weapon').map((i) => i.name);
const CITIES = TOWNS.filter((t) => t.kind === 'town' && /^[A-Za-z ]+$/.test(t.name)).map((t) => t.name);
const JOBS = ['Mage', 'Archer', 'Swordman', 'Acolyte', 'Thief', 'Merchant'];
const PLAYER_ID = 'p-7f3a9c21';

const trait = fc.double({ min: 0, max: 1, noNaN: true });
const personality = fc.record({ openness: trait, conscientiousness: trait, extraversion: trait, agreeableness: trait, neuroticism: trait });
const lang = fc.constantFrom<Language>(...LANGUAGES);
const zenyArb = fc.integer({ min: 1, max: 2_000_000 });

/** Every "<number> zeny" the text names, as integers (any thousands separator). */
const moneyIn = (say: string): number[] => [...say.matchAll(/(\d[\d.,\s]*) zeny/g)].map((m) => Number((m[1] ?? '').replace(/[^\d]/g, '')));

function decide(role: NpcRole, services: Services, text: string, allowed: ActionType[], l: Language, p: Record<string, number>, scale?: (a: Action) => Action, extra: { level?: number } = {}) {
  const npc = makeNpc(role, { services, personality: p });
  const req = makeRequest(text, allowed, { player: { id: PLAYER_ID, name: 'Aria', level: extra.level ?? 50, zeny: 2_000_000_000 } });
  const rec = { ...recognize(text, { eventType: 'talk' }), lang: l };
  const { body } = decideByRules(npc, req, `seed-${text}`, { recognition: rec, ...(scale ? { scale } : {}) });
  expect(decisionBodyFor(req.allowedActions).safeParse(body).success).toBe(true);
  expect(body.language).toBe(l);
  // Never a map name, coordinates or an internal id in speech.
  expect(body.say).not.toMatch(/\(\d+, ?\d+\)|[a-z]+_[a-z0-9_]+|p-7f3a9c21/);
  return body;
}

const RUNS = { numRuns: 60 };

describe('say agrees with the args, for every action type, in every language', () => {
  it('buy: the count and the item, and only the total or the unit price', () => {
    fc.assert(fc.property(lang, personality, fc.constantFrom(...CONSUMABLES), zenyArb, fc.integer({ min: 1, max: 500 }), (l, p, item, price, n) => {
      const b = decide('merchant', { shop: [{ item, price }] }, `I want to buy ${n} ${item}`, ['buy', 'talk'], l, p);
      expect(b.action).toEqual({ type: 'buy', args: { item, amount: n, price: price * n } });
      expect(b.say).toContain(`${n} × ${item}`);
      for (const z of moneyIn(b.say)) expect([price * n, price]).toContain(z);
      expect(moneyIn(b.say)).toContain(price * n);
    }), RUNS);
  });

  it('sell: the count and the item, and the total or the unit price', () => {
    fc.assert(fc.property(lang, personality, fc.constantFrom(...LOOT), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 500 }), (l, p, item, price, n) => {
      const b = decide('merchant', { buys: [{ item, price }] }, `I want to sell ${n} ${item}`, ['sell', 'talk'], l, p);
      expect(b.action).toEqual({ type: 'sell', args: { item, amount: n, price: price * n } });
      expect(b.say).toContain(`${n} × ${item}`);
      for (const z of moneyIn(b.say)) expect([price * n, price]).toContain(z);
    }), RUNS);
  });

  it('quote_price: the item and its price', () => {
    fc.assert(fc.property(lang, personality, fc.constantFrom(...CONSUMABLES), zenyArb, (l, p, item, price) => {
      const b = decide('merchant', { shop: [{ item, price }] }, `how much is ${item}?`, ['quote_price', 'talk'], l, p);
      expect(b.action).toEqual({ type: 'quote_price', args: { item, price } });
      expect(b.say).toContain(item);
      expect(moneyIn(b.say)).toEqual([price]);
    }), RUNS);
  });

  it('warp: the destination, and the fee when it names one', () => {
    fc.assert(fc.property(lang, personality, fc.constantFrom(...CITIES), zenyArb, (l, p, town, fee) => {
      const t = TOWNS.find((x) => x.name === town)!;
      const b = decide('kafra', { warps: [{ destination: town, map: t.map, x: 100, y: 100, fee }] }, `warp me to ${town} please`, ['warp', 'talk'], l, p);
      expect(b.action).toMatchObject({ type: 'warp', args: { destination: town, fee } });
      expect(b.say).toContain(town);
      for (const z of moneyIn(b.say)) expect(z).toBe(fee);
    }), RUNS);
  });

  it('give_quest: the quest, its scaled requirement (= monsterCount) and its scaled reward', () => {
    const scaled = fc.record({ monsterCount: fc.integer({ min: 1, max: 100 }), monsterLevel: fc.integer({ min: 1, max: 200 }), rewardTier: fc.integer({ min: 1, max: 5 }) });
    fc.assert(fc.property(lang, personality, fc.constantFrom(...LOOT), fc.integer({ min: 1, max: 100 }), scaled, fc.integer({ min: 1, max: 99_999 }), (l, p, item, need, s, exp) => {
      const quests = [{ id: 'q_hunt', name: 'The Hunt', requires: [{ item, amount: need }], reward: `${exp} base exp` }];
      // As the agent scales: the first requirement becomes monsterCount, the reward follows the tier.
      const scale = (a: Action): Action => (a.type === 'give_quest'
        ? { type: 'give_quest', args: { ...a.args, ...s, reward: `${exp * s.rewardTier} base exp`, requires: (a.args.requires ?? []).map((r, i) => (i === 0 ? { ...r, amount: s.monsterCount } : r)) } }
        : a);
      const b = decide('quest_giver', { quests }, 'any quests for me?', ['give_quest', 'talk'], l, p, scale);
      expect(b.action).toEqual({ type: 'give_quest', args: { quest: 'q_hunt', ...s, reward: `${exp * s.rewardTier} base exp`, requires: [{ item, amount: s.monsterCount }] } });
      expect(b.say).toContain('The Hunt');
      expect(b.say).toContain(`${s.monsterCount} ${item}`);
      // The reward, when said (a careless NPC leaves details out), is the scaled one.
      for (const m of b.say.matchAll(/(\d+) base exp/g)) expect(Number(m[1])).toBe(exp * s.rewardTier);
      if (need !== s.monsterCount) expect(b.say).not.toMatch(new RegExp(`(^|[^\\d])${need} ${item}`));
    }), RUNS);
  });

  it('attack: the number and level of fighters said are the scaled ones', () => {
    const scaled = fc.record({ monsterCount: fc.integer({ min: 1, max: 100 }), monsterLevel: fc.integer({ min: 1, max: 999 }), rewardTier: fc.integer({ min: 1, max: 5 }) });
    fc.assert(fc.property(lang, scaled, (l, s) => {
      const scale = (a: Action): Action => (a.type === 'attack' ? { type: 'attack', args: { ...a.args, ...s } } : a);
      const b = decide('guard', {}, 'you stupid idiot', ['attack', 'talk'], l, { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.1, neuroticism: 0.5 }, scale);
      expect(b.action).toEqual({ type: 'attack', args: { target: PLAYER_ID, ...s } });
      if (s.monsterCount > 1) expect(b.say).toContain(`${s.monsterCount}`);
      if (s.monsterCount > 1) expect(b.say).toContain(`${s.monsterLevel}`);
    }), RUNS);
  });

  it('refine, storage, job change, directions, save point: the thing and its fee', () => {
    fc.assert(fc.property(lang, personality, fc.constantFrom(...WEAPONS), zenyArb, fc.constantFrom(...JOBS), (l, p, weapon, fee, job) => {
      const r = decide('refiner', { refine: { fee, maxLevel: 10 } }, `refine my ${weapon}`, ['refine', 'talk'], l, p);
      expect(r.action).toMatchObject({ type: 'refine', args: { item: weapon, fee } });
      expect(r.say).toContain(weapon);
      for (const z of moneyIn(r.say)) expect(z).toBe(fee);
      const st = decide('kafra', { storage: { fee } }, 'open my storage', ['open_storage', 'talk'], l, p);
      expect(st.action).toEqual({ type: 'open_storage', args: { fee } });
      for (const z of moneyIn(st.say)) expect(z).toBe(fee);
      const j = decide('job_master', { jobs: [job] }, `I want to become a ${job}`, ['job_change', 'talk'], l, p);
      expect(j.action).toEqual({ type: 'job_change', args: { job } });
      expect(j.say).toContain(job);
      const d = decide('guard', { directions: [{ place: 'Church', map: 'prontera', x: 236, y: 318, hint: 'in the north-east corner' }] }, 'where is the church?', ['give_directions', 'talk'], l, p);
      expect(d.action).toMatchObject({ type: 'give_directions', args: { destination: 'Church' } });
      expect(d.say).toContain('Church');
      const sp = decide('kafra', { savePoint: { map: 'prontera', x: 156, y: 191 } }, 'save my spawn point here', ['save_point', 'talk'], l, p);
      expect(sp.action).toEqual({ type: 'save_point', args: { map: 'prontera', x: 156, y: 191 } });
      expect(sp.say).toContain('Prontera');
    }), { numRuns: 30 });
  });

  it('a reply never repeats a sentence, and money is written the language\'s way', () => {
    fc.assert(fc.property(lang, personality, zenyArb, (l, p, price) => {
      const b = decide('merchant', { shop: [{ item: 'Red Potion', price }] }, 'I want to buy 3 red potions', ['buy', 'talk'], l, p);
      const sentences = b.say.split(/(?<=[.!?…])\s+/).map((x) => x.toLowerCase());
      expect(new Set(sentences).size).toBe(sentences.length);
      expect(b.say).toContain(catalogFor(l).money(price * 3));
    }), RUNS);
  });
});
