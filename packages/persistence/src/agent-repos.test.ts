import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory, MemoryOp, WorldEvent } from '@npc/contracts';
import { createRepositories } from './index';
import { createTestDatabase, type TestDatabase } from './test-db';

let test: TestDatabase;
let repos: ReturnType<typeof createRepositories>;
beforeAll(async () => {
  test = await createTestDatabase();
  repos = createRepositories(test.database.db);
});
afterAll(() => test.drop());

const T0 = Date.UTC(2026, 0, 1);
const ep = (i: number, kind: Memory['kind'] = 'purchase'): Memory => ({
  id: `d${i}:0`, kind, text: `Aria did thing ${i}.`, importance: 0.5, at: T0 + i * 1000,
  ...(kind === 'purchase' ? { facts: { item: 'Red Potion', amount: 2, price: 100 } } : {}),
});

describe('MemoryRepository', () => {
  it('applies streamed adds and reflections idempotently, and rebuilds the hot set for a cold load', async () => {
    const adds: MemoryOp[] = Array.from({ length: 5 }, (_, i) => ({ op: 'add', npcId: 'm1', playerId: 'p1', name: 'Aria', memory: ep(i) }));
    await repos.memories.apply(adds);
    await repos.memories.apply(adds); // replayed batch: nothing changes
    expect(await repos.memories.list('m1', 'p1')).toHaveLength(5);

    const reflection: Memory = {
      id: 'reflection', kind: 'reflection', text: 'What I know of Aria: 3 encounters; bought 6 Red Potion over 3 purchases.', importance: 0.5, at: T0 + 2000,
      tally: { episodes: 3, purchases: 3, sales: 0, insults: 0, violence: 0, questsGiven: 0, questsDone: 0, bought: { 'Red Potion': 6 }, sold: {}, quests: [], zenySpent: 300, since: T0 },
    };
    await repos.memories.apply([
      { op: 'add', npcId: 'm1', playerId: 'p1', name: 'Aria', memory: ep(5, 'insult') },
      { op: 'reflect', npcId: 'm1', playerId: 'p1', name: 'Aria', reflection, folded: ['d0:0', 'd1:0', 'd2:0'] },
    ]);
    const list = await repos.memories.list('m1', 'p1');
    expect(list.map((m) => m.id)).toEqual(['d5:0', 'd4:0', 'd3:0', 'reflection']);

    const state = await repos.memories.load('m1', 'p1');
    expect(state).toMatchObject({ npcId: 'm1', playerId: 'p1', name: 'Aria', visits: 6, firstSeen: T0, lastSeen: T0 + 5000 });
    expect(state?.episodes.map((m) => m.id)).toEqual(['d3:0', 'd4:0', 'd5:0']);
    expect(state?.reflection?.tally?.bought).toEqual({ 'Red Potion': 6 });
    expect(await repos.memories.load('m1', 'nobody')).toBeNull();

    // Within one batch: an episode folded by a later reflection is never stored; the last reflection counts.
    await repos.memories.apply([
      { op: 'add', npcId: 'm1', playerId: 'p1', memory: ep(6) },
      { op: 'reflect', npcId: 'm1', playerId: 'p1', reflection: { ...reflection, text: 'first' }, folded: ['d3:0', 'd6:0'] },
      { op: 'reflect', npcId: 'm1', playerId: 'p1', reflection: { ...reflection, text: 'second' }, folded: ['d4:0'] },
    ]);
    const after = await repos.memories.list('m1', 'p1');
    expect(after.map((m) => m.id)).toEqual(['d5:0', 'reflection']);
    expect(after[1]?.text).toBe('second');
  });
});

describe('WorldEventRepository', () => {
  it('stores events and lists the unexpired ones, newest first', async () => {
    const now = Date.now();
    const make = (text: string, created: number, ttl: number): WorldEvent => ({
      id: randomUUID(), type: 'boss_spawn', text, map: 'prt_fild08', importance: 0.9, npcIds: ['g1'],
      createdAt: new Date(created).toISOString(), expiresAt: new Date(created + ttl).toISOString(),
    });
    const old = make('old', now - 10_000, 1000);
    const a = make('a', now - 2000, 60_000);
    const b = { ...make('b', now - 1000, 60_000), type: 'price_change' as const, item: 'Red Potion', priceFactor: 1.5, npcIds: undefined };
    for (const e of [old, a, b]) await repos.worldEvents.insert(e);
    await repos.worldEvents.insert(a);
    const active = await repos.worldEvents.active();
    expect(active.map((e) => e.text)).toEqual(['b', 'a']);
    expect(active[0]).toMatchObject({ item: 'Red Potion', priceFactor: 1.5 });
    expect(active[0]?.npcIds).toBeUndefined();
    expect(await repos.worldEvents.get(a.id)).toEqual(a);
  });
});
