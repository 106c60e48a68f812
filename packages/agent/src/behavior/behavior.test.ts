import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionBody, DecisionRequest, Npc } from '@npc/contracts';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { LeaseManager } from '../coordination/leases';
import { EXAMPLE_TREES } from '../examples';
import { MemoryStore } from '../memory/store';
import { AgentRuntime } from '../runtime';
import { npc, record, request } from '../test-fixtures';
import { validateBehaviorTree } from './definition';
import { periodOf, timeOfDay } from './blackboard';

const leaf = (type: 'action' | 'condition', call: string, args?: unknown[]) => ({ type, call, ...(args ? { args } : {}) });

describe('validateBehaviorTree', () => {
  it('accepts the shipped examples and wraps a bare node in a root', () => {
    for (const tree of Object.values(EXAMPLE_TREES)) expect(validateBehaviorTree(tree)).toMatchObject({ ok: true });
    const bare = validateBehaviorTree({ type: 'selector', children: [leaf('action', 'Rules')] });
    expect(bare).toMatchObject({ ok: true, tree: { type: 'root', child: { type: 'selector' } } });
  });

  it('names the bad node by its path', () => {
    const bad = (tree: unknown) => {
      const v = validateBehaviorTree(tree);
      return v.ok ? 'ok' : v.path;
    };
    const seq = (...children: unknown[]) => ({ type: 'root', child: { type: 'sequence', children } });
    expect(bad(seq(leaf('condition', 'IsIntent', ['greet']), leaf('action', 'Fly')))).toBe('child.children.1.call');
    expect(bad(seq(leaf('condition', 'IsIntent', ['greeting'])))).toBe('child.children.0.args.0');
    expect(bad(seq(leaf('action', 'Act', ['teleport_everyone'])))).toBe('child.children.0.args');
    expect(bad(seq(leaf('condition', 'Trait', ['neuroticism', '>', 2])))).toBe('child.children.0.args.2');
    expect(bad(seq({ type: 'wait', duration: 100 }))).toBe('child.children.0.type');
    expect(bad(seq({ type: 'sequence', children: [leaf('action', 'Rules')], while: { call: 'IsIntent' } }))).toBe('child.children.0.while');
    expect(bad(seq({ type: 'repeat', child: leaf('action', 'Rules') }))).toBe('child.children.0.iterations');
    expect(bad({ type: 'root', child: { type: 'selector', children: [] } })).toBe('child.children');
    expect(bad(seq(leaf('action', 'Claim', ['quest-slot:{nope}'])))).toBe('child.children.0.args.0');
    expect(bad({ type: 'root', id: 'sub', child: leaf('action', 'Rules') })).toBe('id');
    expect(bad('root { action [Rules] }')).toBe('');
    expect(bad({ type: 'dragon' })).toBe('type');
  });
});

describe('time of day', () => {
  it('comes from the request context, else the clock', () => {
    expect(timeOfDay({ context: { hour: 23 } }, 0)).toEqual({ hour: 23, period: 'night' });
    expect(timeOfDay({ context: { time: '06:30' } }, 0)).toEqual({ hour: 6, period: 'dawn' });
    expect(timeOfDay({}, Date.UTC(2026, 0, 1, 19))).toEqual({ hour: 19, period: 'dusk' });
    expect(periodOf(12)).toBe('day');
  });
});

const run = async (agent: AgentRuntime, n: Npc, req: DecisionRequest, seed = 'seed', opts: { llm?: () => Promise<DecisionBody | null> } = {}) =>
  agent.decide(await agent.prepare(n, req), { seed, ...opts });

describe('the guard patrol/alert tree', () => {
  const agent = new AgentRuntime();
  const guard = (neuroticism: number) => npc('g1', 'guard', { personality: { neuroticism }, behaviorTree: EXAMPLE_TREES.guard, name: 'Bertram' });

  it('a neurotic guard raises the alarm at the first insult; a calm one scolds', async () => {
    const insult = request('g1', 'you are an idiot');
    const nervous = await run(agent, guard(0.9), insult);
    expect(nervous.body.action.type).toBe('call_guards');
    expect(nervous.body.say).toBe('Guards! To me! Aria is trouble!');
    expect(nervous.decidedBy).toBe('behavior');
    const calm = await run(agent, guard(0.2), insult);
    expect(calm.body.action.type).toBe('talk');
    expect(calm.behavior?.trace[0]).toBe('Alarm? no');
  });

  it('attacked: a steady guard fights, a nervous one calls for help', async () => {
    const hit = request('g1', undefined, { event: { type: 'combat' } });
    expect((await run(agent, guard(0.3), hit)).body.action).toEqual({ type: 'attack', args: { target: 'p1' } });
    expect((await run(agent, guard(0.8), hit)).body.action.type).toBe('call_guards');
  });

  it('idle: patrols the walls at night and the square by day', async () => {
    const night = await run(agent, guard(0.5), request('g1', undefined, { event: { type: 'idle' }, context: { hour: 23, map: 'prontera' } }));
    expect(night.body.action.type).toBe('walk');
    const nx = night.body.action.type === 'walk' ? night.body.action.args : undefined;
    expect(['150,100', '160,100', '160,120', '150,120']).toContain(`${nx?.x},${nx?.y}`);
    const day = await run(agent, guard(0.5), request('g1', undefined, { event: { type: 'idle' }, context: { hour: 12 } }));
    const dx = day.body.action.type === 'walk' ? day.body.action.args : undefined;
    expect(dx?.x).toBe(156);
    // Walking not allowed: the tree falls through to an emote.
    const still = await run(agent, guard(0.5), request('g1', undefined, { event: { type: 'idle' } }, ['emote', 'talk']));
    expect(still.body).toMatchObject({ action: { type: 'emote' }, emotion: 'e_dots' });
  });

  it('the same input and seed give the same decision', async () => {
    const a = await run(agent, guard(0.9), request('g1', 'hello'), 's1');
    const b = await run(agent, guard(0.9), request('g1', 'hello'), 's1');
    expect(a.body).toEqual(b.body);
  });
});

describe('the merchant haggling tree', () => {
  const agent = new AgentRuntime();
  const merchant = (agreeableness: number) => npc('m1', 'merchant', { personality: { agreeableness }, behaviorTree: EXAMPLE_TREES.merchant });
  const haggle = request('m1', 'can I have a discount on 10 red potions');

  it('an agreeable merchant gives in (capped by the tree); a disagreeable one refuses, annoyed', async () => {
    const warm = await run(agent, merchant(0.9), haggle);
    expect(warm.body.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 10, price: 430 } }); // 18 % capped at 15 %: 42.5 → 43 zeny each
    expect(warm.body.say).toContain('15% off');
    const cold = await run(agent, merchant(0.1), haggle);
    expect(cold.body.action).toEqual({ type: 'buy', args: { item: 'Red Potion', amount: 10, price: 500 } });
    expect(cold.body.emotion).toBe('e_an');
    expect(cold.body.say).toMatch(/haggle|price is the price/);
  });
});

describe('the LLM route as a leaf', () => {
  const tree = { type: 'selector', children: [leaf('action', 'Llm'), leaf('action', 'Rules')] };
  const n = npc('t1', 'townsperson', { behaviorTree: tree });
  const agent = new AgentRuntime();
  it('falls through to the rules where no LLM is offered, and uses it where it is', async () => {
    const req = request('t1', 'tell me a story');
    expect((await run(agent, n, req)).decidedBy).toBe('behavior');
    const llmBody: DecisionBody = { action: { type: 'talk', args: {} }, say: 'Once upon a time…', emotion: 'e_heh', intent: { name: 'lore', confidence: 0.9 } };
    const viaLlm = await run(agent, n, req, 's', { llm: async () => llmBody });
    expect(viaLlm).toMatchObject({ decidedBy: 'llm', body: llmBody });
    expect((await run(agent, n, req, 's', { llm: async () => null })).body.say).not.toBe('Once upon a time…');
  });
  it('an invalid stored tree is ignored (rules decide)', async () => {
    const broken = npc('t2', 'townsperson', { behaviorTree: { type: 'action', call: 'Nope' } });
    expect((await run(agent, broken, request('t2', 'hello'))).decidedBy).toBe('rules');
  });
});

describe('quest givers sharing one quest slot per player (real Redis)', () => {
  const { QUEUE_PREFIX: prefix } = isolatedEnv();
  let redis: Redis;
  let agent: AgentRuntime;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    agent = new AgentRuntime({ memory: new MemoryStore(redis, prefix), leases: new LeaseManager(redis, prefix) });
  });
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisPrefix(prefix);
  });
  const mira = npc('mira', 'quest_giver', { name: 'Mira', behaviorTree: EXAMPLE_TREES.questGiver });
  const rigel = npc('rigel', 'quest_giver', { name: 'Old Rigel', behaviorTree: EXAMPLE_TREES.questGiver });
  const turn = async (n: Npc, text: string) => {
    const req = request(n.id, text);
    const d = await run(agent, n, req, `${n.id}-${text}`);
    await agent.remember(record(req, d.body), d);
    return d;
  };

  it('the second quest giver defers while the first holds the slot, and takes over once it is released', async () => {
    const first = await turn(mira, 'any work for me?');
    expect(first.body.action).toMatchObject({ type: 'give_quest', args: { quest: 'jellopy_hunt' } });
    const held = await agent.leases!.intentionsOf('mira');
    expect(held).toMatchObject([{ resource: 'quest-slot:p1', token: 1 }]);

    const second = await turn(rigel, 'do you have a task for me?');
    expect(second.body.action.type).toBe('talk');
    expect(second.body.say).toBe('Mira already has you on an errand, Aria. Finish that first, then come and see me.');
    expect(second.behavior?.deferredTo).toBe('Mira');
    expect(await agent.leases!.intentionsOf('rigel')).toEqual([]);
    // Rigel remembers sending Aria away.
    expect((await agent.memory!.get('rigel', 'p1'))?.episodes.map((m) => m.kind)).toContain('deferred');

    const done = await turn(mira, 'I brought the jellopies');
    expect(done.body.action.type).toBe('complete_quest');
    expect(done.behavior?.released).toEqual(['quest-slot:p1']);
    expect(await agent.leases!.intentionsOf('mira')).toEqual([]);

    const third = await turn(rigel, 'do you have a task for me?');
    expect(third.body.action.type).toBe('give_quest');
    expect(await agent.leases!.intentionsOf('rigel')).toMatchObject([{ resource: 'quest-slot:p1', token: 2 }]);
  });
});
