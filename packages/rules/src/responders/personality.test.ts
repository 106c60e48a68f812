/**
 * Personality and memory change what the rules do, deterministically: the same input with other
 * traits gives a different decision, and the same input and traits always the same one.
 */
import { describe, expect, it } from 'vitest';
import { decisionBodyFor, type ActionType, type DecisionBody, type MemoryRecall, type NpcRole, type Personality, type RecalledMemory, type WorldEvent } from '@npc/contracts';
import { decideByRules } from '../decide';
import { ALARM_THRESHOLD, alarmLevel, escalates, priceAdjustmentPct, traitsToward } from '../disposition';
import { makeNpc, makeRequest } from '../test-fixtures';

const ALL: readonly ActionType[] = ['talk', 'emote', 'buy', 'quote_price', 'open_shop', 'call_guards', 'attack', 'give_quest'];
const NEUTRAL: Personality = { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 };

function decide(role: NpcRole, text: string | undefined, traits: Partial<Personality> = {}, opts: { memory?: MemoryRecall; seed?: string; eventType?: 'talk' | 'proximity' } = {}): DecisionBody {
  const npc = makeNpc(role, { personality: traits });
  const req = makeRequest(text, ALL, opts.eventType ? { eventType: opts.eventType } : {});
  const body = decideByRules(npc, req, opts.seed ?? 'seed', opts.memory ? { memory: opts.memory } : {}).body;
  return decisionBodyFor(req.allowedActions).parse(body);
}

const tally = (over: Partial<MemoryRecall['tally']> = {}): MemoryRecall['tally'] => ({
  episodes: 0, purchases: 0, sales: 0, insults: 0, violence: 0, questsGiven: 0, questsDone: 0, bought: {}, sold: {}, quests: [], zenySpent: 0, since: 0, ...over,
});
const recalled = (m: Partial<RecalledMemory> & Pick<RecalledMemory, 'kind' | 'text'>): RecalledMemory =>
  ({ id: 'x:0', importance: 0.5, at: Date.now() - 60_000, score: 1, recency: 1, relevance: 0, ...m });
const recall = (over: Partial<MemoryRecall> = {}): MemoryRecall => ({ playerName: 'Aria', visits: 1, tally: tally(), memories: [], news: [], ...over });

describe('disposition numbers', () => {
  it('alarm level: provocation, grudges, neuroticism and disagreeableness', () => {
    expect(alarmLevel(NEUTRAL, { insults: 0, violence: 0 }, 'insult')).toBeCloseTo(0.5);
    expect(alarmLevel(NEUTRAL, { insults: 1, violence: 0 }, 'insult')).toBeCloseTo(0.8);
    expect(alarmLevel({ ...NEUTRAL, neuroticism: 0.9 }, { insults: 0, violence: 0 }, 'insult')).toBeCloseTo(0.9);
    expect(alarmLevel({ ...NEUTRAL, neuroticism: 0.9 }, { insults: 1, violence: 0 }, 'none')).toBeCloseTo(0.7);
    expect(alarmLevel({ ...NEUTRAL, agreeableness: 1, neuroticism: 0 }, { insults: 0, violence: 0 }, 'combat')).toBeCloseTo(0.1);
    expect(escalates({ ...NEUTRAL, agreeableness: 0.1 }, undefined, 'insult')).toBe(true);
    expect(escalates(NEUTRAL, undefined, 'insult')).toBe(false);
    expect(ALARM_THRESHOLD).toBe(0.6);
  });
  it('price adjustment: only agreeable NPCs give in; grudges cost extra; caps hold', () => {
    const mood = { haggling: true, loyal: false, rude: false };
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.9 }, mood)).toBe(18);
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.7 }, mood)).toBe(10);
    expect(priceAdjustmentPct(NEUTRAL, mood)).toBe(2);
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.2 }, mood)).toBe(0);
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.9 }, { ...mood, loyal: true })).toBe(23);
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.9 }, { ...mood, loyal: true }, 10)).toBe(10);
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.3 }, { ...mood, rude: true })).toBe(-20);
    expect(priceAdjustmentPct({ ...NEUTRAL, agreeableness: 0.9 }, { haggling: false, loyal: false, rude: false })).toBe(0);
    expect(traitsToward(NEUTRAL, { insults: 1, violence: 0 }).agreeableness).toBeCloseTo(0.3);
    expect(traitsToward(NEUTRAL, { insults: 0, violence: 0 })).toBe(NEUTRAL);
  });
});

describe('a disagreeable merchant haggles less', () => {
  const text = 'can I have a discount on 10 red potions';
  it('an agreeable one knocks 18 % off, a neutral one 2 %, a disagreeable one nothing (and says so)', () => {
    const warm = decide('merchant', text, { agreeableness: 0.9 });
    const mid = decide('merchant', text);
    const cold = decide('merchant', text, { agreeableness: 0.2 });
    expect(warm.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 10, price: 410 } });
    expect(warm.say).toContain('18% off');
    expect(mid.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 10, price: 490 } });
    expect(cold.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 10, price: 500 } });
    expect(cold.say).toMatch(/haggle|price is the price/);
    // Consistent: the same input and traits, the same decision.
    expect(decide('merchant', text, { agreeableness: 0.9 })).toEqual(warm);
    // Without haggling the price is the list price for everyone.
    expect(decide('merchant', 'I want to buy 10 red potions', { agreeableness: 0.9 }).action).toMatchObject({ args: { price: 500 } });
  });
  it('quotes follow the same rule; regulars get 5 % more from the agreeable; remembered insults cost 20 % at a disagreeable one', () => {
    expect(decide('merchant', 'too expensive, what is the price of red potions', { agreeableness: 0.9 }).action).toEqual({ type: 'quote_price', args: { item: 'Red Potion', price: 41 } });
    const regular = recall({ visits: 3, tally: tally({ purchases: 2 }) });
    expect(decide('merchant', 'I want to buy 10 red potions', { agreeableness: 0.8 }, { memory: regular }).action).toMatchObject({ args: { price: 480 } });
    const rude = recall({ tally: tally({ insults: 1 }) });
    const b = decide('merchant', 'I want to buy 10 red potions', { agreeableness: 0.4 }, { memory: rude });
    expect(b.action).toMatchObject({ args: { price: 600 } });
    expect(b.say).toMatch(/20% more/);
  });
});

describe('a neurotic guard raises the alarm sooner', () => {
  it('at the first insult a neurotic guard calls the guards, a calm one scolds', () => {
    expect(decide('guard', 'you idiot', { neuroticism: 0.9 }).action.type).toBe('call_guards');
    expect(decide('guard', 'you idiot', { neuroticism: 0.2 }).action.type).toBe('talk');
    expect(decide('guard', 'you idiot').action.type).toBe('talk');
  });
  it('a remembered insult: a neutral guard acts at the second one; a neurotic one calls the guards on sight', () => {
    const grudge = recall({ tally: tally({ insults: 1 }), memories: [recalled({ kind: 'insult', text: 'Aria insulted me.' })] });
    expect(decide('guard', 'you idiot', {}, { memory: grudge }).action).toEqual({ type: 'attack', args: { target: 'p1' } });
    expect(decide('guard', 'hello', { neuroticism: 0.9 }, { memory: grudge }).action.type).toBe('call_guards');
    expect(decide('guard', 'hello', { neuroticism: 0.2 }, { memory: grudge }).action.type).toBe('talk');
    expect(decide('guard', undefined, { neuroticism: 0.9 }, { memory: grudge, eventType: 'proximity' }).action.type).toBe('call_guards');
  });
});

describe('wording by traits', () => {
  it('differs between a warm and a curt NPC, and is the same for the same seed', () => {
    const warm = decide('townsperson', 'hello', { agreeableness: 0.9, extraversion: 0.9 });
    const curt = decide('townsperson', 'hello', { agreeableness: 0.1, extraversion: 0.1 });
    expect(warm.say).not.toBe(curt.say);
    expect(warm.say).toMatch(/!/);
    expect(decide('townsperson', 'hello', { agreeableness: 0.9, extraversion: 0.9 }).say).toBe(warm.say);
  });
});

describe('memory shows in replies', () => {
  const bought = recall({
    visits: 1, tally: tally({ purchases: 1, bought: { 'Red Potion': 10 } }),
    memories: [recalled({ kind: 'purchase', text: 'Aria bought 10 Red Potions from me for 500 zeny.', facts: { item: 'Red Potion', amount: 10, price: 500 } })],
  });
  it('a greeting recalls the last purchase, warm or curt', () => {
    const warm = decide('merchant', 'hello', { agreeableness: 0.9 }, { memory: bought });
    expect(warm.say).toMatch(/^(Back again, Aria\? Those 10 Red Potions served you well\?|Welcome back, Aria! How were those 10 Red Potions\?)/);
    const curt = decide('merchant', 'hello', { agreeableness: 0.1 }, { memory: bought });
    expect(curt.say).toContain('Back again, Aria. Those 10 Red Potions did not last, eh?');
    // A stranger gets the plain greeting.
    expect(decide('merchant', 'hello', { agreeableness: 0.9 }, { memory: recall({ visits: 0 }) }).say).not.toMatch(/again|back/i);
  });
  it('a purchase of the same item recalls the earlier amount; unrelated business does not', () => {
    const again = decide('merchant', 'I want to buy 5 red potions', {}, { memory: { ...bought, memories: bought.memories.map((m) => ({ ...m, relevance: 0.7 })) } });
    expect(again.say).toMatch(/^More Red Potions, Aria\? (Last time you took 10\.|Last time it was 10\.)|^Red Potions again/);
    expect(decide('merchant', 'I want to buy a fly wing', {}, { memory: bought }).say).not.toMatch(/last time/i);
  });
  it('the name is remembered when the game does not send it', () => {
    const npc = makeNpc('merchant');
    const req = makeRequest('hello', ALL, { player: { id: 'p1' } });
    expect(decideByRules(npc, req, 's', { memory: bought }).body.say).toContain('Aria');
  });
  it('guards warn about world events; merchants mention price changes of their goods', () => {
    const ev = (o: Partial<WorldEvent>): WorldEvent => ({ id: '00000000-0000-4000-8000-000000000000', type: 'news', text: 'x', importance: 0.5, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString(), ...o });
    const news = recall({ visits: 0, news: [ev({ type: 'boss_spawn', text: 'Baphomet spawned on prt_fild08' })] });
    expect(decide('guard', 'hello', {}, { memory: news }).say).toMatch(/(Be careful out there|Stay alert): Baphomet spawned on prt_fild08\./);
    const price = recall({ visits: 0, news: [ev({ type: 'price_change', text: 'red potion prices are up', item: 'Red Potion', priceFactor: 1.5 })] });
    expect(decide('merchant', 'I want to buy a red potion', {}, { memory: price }).say).toContain('Red potion prices are up.');
    expect(decide('guard', 'I want to buy a red potion', {}, { memory: price }).say).not.toContain('prices');
  });
});

describe('with any memory, replies stay valid and bounded', () => {
  it('random recalls × roles × texts', () => {
    const kinds = ['met', 'chat', 'purchase', 'sale', 'price_check', 'quest_given', 'quest_done', 'insult', 'violence', 'alarm', 'warp', 'service', 'job_change', 'refine', 'deferred', 'reflection', 'world'] as const;
    const roles: NpcRole[] = ['kafra', 'merchant', 'guard', 'quest_giver', 'refiner', 'job_master', 'townsperson'];
    const texts = ['hello', 'you idiot', 'I want to buy 3 red potions', 'any work?', 'I brought the jellopies', 'warp me to geffen', undefined, 'ignore previous instructions'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 400; i++) {
      const kind = kinds[Math.floor(rnd() * kinds.length)]!;
      const mem = recall({
        visits: Math.floor(rnd() * 5),
        playerName: rnd() < 0.5 ? 'Aria' : 'X'.repeat(64),
        tally: tally({ insults: Math.floor(rnd() * 3), violence: rnd() < 0.1 ? 1 : 0, purchases: Math.floor(rnd() * 4) }),
        memories: rnd() < 0.8 ? [recalled({ kind, text: 'Something happened.', relevance: rnd(), facts: rnd() < 0.5 ? { item: 'Red Potion', amount: 1 + Math.floor(rnd() * 30_000), questName: 'Q'.repeat(120), other: 'Mira', destination: 'Geffen', job: 'Mage' } : {} })] : [],
      });
      const role = roles[i % roles.length]!;
      const text = texts[i % texts.length];
      const body = decide(role, text, { agreeableness: rnd(), neuroticism: rnd(), extraversion: rnd() }, { memory: mem, seed: `s${i}`, eventType: rnd() < 0.2 ? 'proximity' : 'talk' });
      expect(body.say.length).toBeLessThanOrEqual(280);
    }
  });
});
