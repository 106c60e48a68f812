import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Npc, NpcInput } from '@npc/contracts';
import { NpcRepository } from './npcs';
import { createTestDatabase, type TestDatabase } from './test-db';

describe('NpcRepository', () => {
  let test: TestDatabase;
  let npcs: NpcRepository;
  beforeAll(async () => {
    test = await createTestDatabase();
    npcs = new NpcRepository(test.database.db);
  });
  afterAll(() => test.drop());

  it('returns null for an unknown NPC', async () => {
    expect(await npcs.get('nobody')).toBeNull();
  });

  it('creates with defaults, then updates in place', async () => {
    const first = await npcs.upsert('prt_kafra_01', NpcInput.parse({ name: 'Kafra Employee', role: 'kafra' }));
    expect(first.created).toBe(true);
    expect(first.npc).toEqual({
      id: 'prt_kafra_01',
      name: 'Kafra Employee',
      role: 'kafra',
      personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
      background: '',
      services: {},
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(first.npc).not.toHaveProperty('behaviorTree');
    expect(Npc.parse(first.npc)).toEqual(first.npc);
    expect(first.npc.updatedAt).toBe(first.npc.createdAt);
    expect(await npcs.get('prt_kafra_01')).toEqual(first.npc);

    await sleep(15);
    const input = NpcInput.parse({
      name: 'Kafra Leilah',
      role: 'kafra',
      personality: { agreeableness: 0.9, neuroticism: 0.1 },
      background: 'Works for the Kafra Corporation in Prontera.',
      services: {
        storage: { fee: 40 },
        savePoint: { map: 'prontera', x: 150, y: 180 },
        warps: [{ destination: 'Izlude', map: 'izlude', x: 128, y: 114, fee: 600 }],
      },
      behaviorTree: [{ sequence: ['greet', { if: 'asked_storage', then: 'open_storage' }] }, 7, null, 'x'],
    });
    const second = await npcs.upsert('prt_kafra_01', input);
    expect(second.created).toBe(false);
    expect(second.npc.createdAt).toBe(first.npc.createdAt);
    expect(Date.parse(second.npc.updatedAt)).toBeGreaterThan(Date.parse(first.npc.updatedAt));
    expect(second.npc).toEqual({ id: 'prt_kafra_01', ...input, createdAt: first.npc.createdAt, updatedAt: second.npc.updatedAt });
    expect(second.npc.personality).toEqual({ openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.9, neuroticism: 0.1 });
    expect(await npcs.get('prt_kafra_01')).toEqual(second.npc);
  });

  it('removes a behaviour tree when an update leaves it out', async () => {
    await npcs.upsert('guard_1', NpcInput.parse({ name: 'Guard', role: 'guard', behaviorTree: { root: 'patrol' } }));
    expect((await npcs.get('guard_1'))?.behaviorTree).toEqual({ root: 'patrol' });
    const { npc } = await npcs.upsert('guard_1', NpcInput.parse({ name: 'Guard', role: 'guard' }));
    expect(npc).not.toHaveProperty('behaviorTree');
    expect(await npcs.get('guard_1')).toEqual(npc);
  });

  it('reports created once when two callers register the same id at once', async () => {
    const input = NpcInput.parse({ name: 'Twin', role: 'townsperson' });
    const results = await Promise.all([npcs.upsert('twin', input), npcs.upsert('twin', input)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
  });

  it('refuses an id the contract would not accept', async () => {
    await expect(npcs.upsert('has space', NpcInput.parse({ name: 'X', role: 'guard' }))).rejects.toThrow();
    expect(await npcs.get('has space')).toBeNull();
  });
});
