import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TREES } from '@npc/agent';
import { Decision, NpcIntentions, WorldEvent, type NpcInput } from '@npc/contracts';
import { http, startStack, type Stack } from './test-harness';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => s?.close());

const put = (id: string, body: NpcInput) => http(s.url, 'PUT', `/v1/npcs/${id}`, { key: s.keys.admin, body });
/** A decision through HTTP, answered by the rules worker (a generous deadline: no in-process fallback). */
async function ask(npcId: string, text: string | undefined, over: Record<string, unknown> = {}): Promise<Decision> {
  const r = await http(s.url, 'POST', '/v1/decisions', {
    key: s.keys.game,
    body: {
      npc: { id: npcId }, player: { id: 'p1', name: 'Aria', level: 12 }, event: { type: 'talk', ...(text ? { text } : {}) },
      allowedActions: ['talk', 'emote', 'buy', 'quote_price', 'open_shop', 'give_quest', 'complete_quest', 'call_guards', 'attack'],
      deadlineMs: 3000, ...over,
    },
  });
  expect(r.status).toBe(200);
  const d = Decision.parse(r.body);
  expect(d.source).toBe('rules');
  return d;
}
/** Memory is written after the reply: wait until the NPC's memory of the player has `visits`. */
async function remembered(npcId: string, playerId: string, visits: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await http(s.url, 'GET', `/v1/npcs/${npcId}/memories/${playerId}`, { key: s.keys.admin });
    if (r.status === 200 && r.body.state.visits >= visits) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`${npcId} never remembered ${playerId} (${visits} visits)`);
}

const MERCHANT: NpcInput = {
  name: 'Hans', role: 'merchant',
  services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] },
};

describe('behaviour trees at registration', () => {
  it('a bad tree → 400 naming the bad node; a good one is stored and returned', async () => {
    const bad = await put('bt-guard', {
      name: 'Bertram', role: 'guard',
      behaviorTree: { type: 'root', child: { type: 'selector', children: [{ type: 'condition', call: 'IsIntent', args: ['greet'] }, { type: 'action', call: 'Teleport' }] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'behaviorTree.child.children.1.call' });
    expect(bad.body.error.message).toMatch(/unknown action "Teleport"/);
    const badArgs = await put('bt-guard', { name: 'Bertram', role: 'guard', behaviorTree: { type: 'action', call: 'Act', args: ['fly'] } });
    expect(badArgs.body.error.field).toBe('behaviorTree.args');
    const notATree = await put('bt-guard', { name: 'Bertram', role: 'guard', behaviorTree: [1, 2] });
    expect(notATree.body.error.field).toBe('behaviorTree');
    expect((await http(s.url, 'GET', '/v1/npcs/bt-guard', { key: s.keys.game })).status).toBe(404);

    const good = await put('bt-guard', { name: 'Bertram', role: 'guard', personality: { neuroticism: 0.9 }, behaviorTree: EXAMPLE_TREES.guard });
    expect(good.status).toBe(201);
    expect(good.body.behaviorTree).toEqual(EXAMPLE_TREES.guard);
  });

  it('the tree is ticked per decision: a neurotic guard raises the alarm at the first insult', async () => {
    const d = await ask('bt-guard', 'you are an idiot', { player: { id: 'p-bt', name: 'Rude' } });
    expect(d.action.type).toBe('call_guards');
    expect(d.say).toBe('Guards! To me! Rude is trouble!');
  });
});

describe('memory through HTTP', () => {
  it('the NPC remembers the player from an earlier conversation (name, purchase) and it shows', async () => {
    expect((await put('hans', MERCHANT)).status).toBe(201);
    const first = await ask('hans', 'I want to buy 10 red potions');
    expect(first.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 10, price: 500 } });
    expect(first.say).not.toMatch(/again|last time/i);
    await remembered('hans', 'p1', 1);

    // The game does not send the name this time: the NPC knows it anyway.
    const second = await ask('hans', 'hello', { player: { id: 'p1' } });
    expect(second.say).toContain('Aria');
    expect(second.say).toContain('10 Red Potions');
    await remembered('hans', 'p1', 2);

    const third = await ask('hans', 'I want to buy 5 red potions');
    expect(third.say).toMatch(/[Ll]ast time (you took|it was) 10/);

    // The PostgreSQL copy follows (the gateway moves the memory stream in batches).
    for (let i = 0; i < 100 && (await s.repos.memories.list('hans', 'p1')).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const stored = await s.repos.memories.list('hans', 'p1');
    expect(stored.map((m) => m.kind)).toEqual(expect.arrayContaining(['purchase']));
  });

  it('a guard is colder to a player who insulted him earlier', async () => {
    expect((await put('bertram', { name: 'Bertram', role: 'guard' })).status).toBe(201);
    const stranger = await ask('bertram', 'hello', { player: { id: 'p-rude', name: 'Brash' } });
    expect(stranger.action.type).toBe('talk');
    const insult = await ask('bertram', 'you are an idiot', { player: { id: 'p-rude', name: 'Brash' } });
    expect(insult.action.type).toBe('talk'); // a neutral guard scolds the first time
    await remembered('bertram', 'p-rude', 2);
    const again = await ask('bertram', 'hello', { player: { id: 'p-rude', name: 'Brash' } });
    expect(again.say).not.toBe(stranger.say);
    expect(again.say).toMatch(/not forgotten|Mind your tongue|start over|harsh words/);
    const second = await ask('bertram', 'you are an idiot', { player: { id: 'p-rude', name: 'Brash' } });
    // The second time he acts (with the fight's difficulty-scaled args: a fresh player, level unknown → 1).
    expect(second.action).toEqual({ type: 'attack', args: { target: 'p-rude', monsterLevel: 1, monsterCount: 1, rewardTier: 3 } });
  });

  it('memories are admin-only and 404 for strangers', async () => {
    expect((await http(s.url, 'GET', '/v1/npcs/hans/memories/p1', { key: s.keys.game })).status).toBe(403);
    expect((await http(s.url, 'GET', '/v1/npcs/hans/memories/nobody', { key: s.keys.admin })).status).toBe(404);
  });
});

describe('world events (shared knowledge)', () => {
  it('POST /v1/events needs an admin key, is stored, and NPCs use it', async () => {
    const boss = { type: 'boss_spawn', text: 'Baphomet spawned on prt_fild08', map: 'prt_fild08', importance: 0.9 };
    expect((await http(s.url, 'POST', '/v1/events', { key: s.keys.game, body: boss })).status).toBe(403);
    const bad = await http(s.url, 'POST', '/v1/events', { key: s.keys.admin, body: { ...boss, map: 'no spaces allowed' } });
    expect(bad.body.error.field).toBe('map');
    const created = await http(s.url, 'POST', '/v1/events', { key: s.keys.admin, body: boss });
    expect(created.status).toBe(201);
    const event = WorldEvent.parse(created.body);
    expect(await s.repos.worldEvents.get(event.id)).toEqual(event);
    const price = await http(s.url, 'POST', '/v1/events', {
      key: s.keys.admin, body: { type: 'price_change', text: 'Red potion prices are up', item: 'Red Potion', priceFactor: 1.5, importance: 0.5 },
    });
    expect(price.status).toBe(201);
    const list = await http(s.url, 'GET', '/v1/events', { key: s.keys.game });
    expect(list.body.events.map((e: WorldEvent) => e.text)).toEqual(['Red potion prices are up', 'Baphomet spawned on prt_fild08']);

    expect((await put('watch', { name: 'Watchman', role: 'guard' })).status).toBe(201);
    const greet = await ask('watch', 'hello', { player: { id: 'p-news', name: 'Nia' } });
    expect(greet.say).toContain('Baphomet spawned on prt_fild08');
    expect((await put('tilly', MERCHANT)).status).toBe(201);
    const buy = await ask('tilly', 'I want to buy 2 red potions', { player: { id: 'p-news', name: 'Nia' } });
    expect(buy.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 2, price: 150 } });
    expect(buy.say).toContain('Red potion prices are up');
  });
});

describe('coordination through HTTP', () => {
  it('two quest givers, one quest slot per player: the second defers; intentions show who holds it', async () => {
    const quests = { quests: [{ id: 'jellopy_hunt', name: 'Jellopy Hunt', requires: [{ item: 'Jellopy', amount: 10 }], reward: '500 base exp' }] };
    expect((await put('mira', { name: 'Mira', role: 'quest_giver', services: quests, behaviorTree: EXAMPLE_TREES.questGiver })).status).toBe(201);
    expect((await put('rigel', { name: 'Old Rigel', role: 'quest_giver', services: quests, behaviorTree: EXAMPLE_TREES.questGiver })).status).toBe(201);
    const player = { player: { id: 'p-q', name: 'Aria' } };

    expect((await ask('mira', 'any work for me?', player)).action).toMatchObject({ type: 'give_quest', args: { quest: 'jellopy_hunt' } });
    const held = NpcIntentions.parse((await http(s.url, 'GET', '/v1/npcs/mira/intentions', { key: s.keys.game })).body);
    expect(held.intentions).toMatchObject([{ resource: 'quest-slot:p-q', token: 1 }]);

    const deferred = await ask('rigel', 'do you have a task for me?', player);
    expect(deferred.action.type).toBe('talk');
    expect(deferred.say).toBe('Mira already has you on an errand, Aria. Finish that first, then come and see me.');
    expect((await http(s.url, 'GET', '/v1/npcs/rigel/intentions', { key: s.keys.game })).body).toEqual({ npcId: 'rigel', intentions: [] });

    expect((await ask('mira', 'I brought the jellopies', player)).action.type).toBe('complete_quest');
    expect((await http(s.url, 'GET', '/v1/npcs/mira/intentions', { key: s.keys.game })).body.intentions).toEqual([]);
    expect((await ask('rigel', 'do you have a task for me?', player)).action.type).toBe('give_quest');
    expect((await http(s.url, 'GET', '/v1/npcs/rigel/intentions', { key: s.keys.game })).body.intentions).toMatchObject([{ resource: 'quest-slot:p-q', token: 2 }]);
    expect((await http(s.url, 'GET', '/v1/npcs/nobody/intentions', { key: s.keys.game })).status).toBe(404);
  });
});
