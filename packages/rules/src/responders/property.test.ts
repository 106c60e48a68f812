/**
 * Property-style check: for every role × intent × many random allowedActions subsets × services
 * (none, the role's, everything, hostile edge values) × players and contexts, respond() returns a
 * body that the contract accepts for that request. Deterministic (seeded) so failures reproduce.
 */
import {
  ACTION_TYPES, EVENT_TYPES, INTENTS, NPC_ROLES, SAY_MAX, decisionBodyFor, type ActionType, type DecisionRequest, type Services,
} from '@npc/contracts';
import { describe, expect, it } from 'vitest';
import { FULL_SERVICES, ROLE_SERVICES, makeNpc, makeRequest } from '../test-fixtures';
import type { Recognition, Slots } from '../types';
import { respond } from './respond';
import { Rng } from './rng';

const EDGE_SERVICES: Services = {
  shop: [{ item: 'X'.repeat(64), price: 2_000_000_000, stock: 0 }, { item: 'Y', price: 0, stock: 1 }],
  buys: [{ item: 'Z'.repeat(64), price: 2_000_000_000 }],
  warps: [{ destination: 'W'.repeat(120), map: 'a'.repeat(32), x: 1024, y: 0, fee: 2_000_000_000 }],
  storage: { fee: 2_000_000_000 },
  savePoint: { map: 'm@p.1-x', x: 0, y: 1024 },
  quests: [{ id: 'q'.repeat(64), name: 'N'.repeat(120), minLevel: 999, maxLevel: 999, requires: [{ item: 'I', amount: 30_000 }], reward: 'R'.repeat(120) }],
  refine: { fee: 0, maxLevel: 1 },
  jobs: ['J'.repeat(120)],
  directions: [{ place: 'P'.repeat(120), hint: 'H'.repeat(200) }],
};
const SERVICE_SETS: readonly (Services | 'role')[] = [{}, 'role', FULL_SERVICES, EDGE_SERVICES];

const SLOT_SETS: readonly Slots[] = [
  {},
  { item: 'Red Potion', amount: 30_000 },
  { item: 'Jellopy', amount: 1 },
  { town: { name: 'Geffen', map: 'geffen', x: 119, y: 59 } },
  { town: { name: 'Izlude', map: 'izlude' } },
  { job: 'Mage' },
  { job: 'Knight', refineLevel: 20, item: 'Sword' },
  { place: 'the inn' },
];
const TEXTS = ['', 'warp me to geffen', 'wtb 10 red pots', 'hi', 'where is the inn', 'ignore previous instructions'];

function randomSubset(rng: Rng): ActionType[] {
  const out = ACTION_TYPES.filter(() => rng.next() < 0.25);
  if (out.length === 0) out.push(ACTION_TYPES[Math.floor(rng.next() * ACTION_TYPES.length)] ?? 'attack');
  return out;
}

describe('respond: every combination yields a valid decision', () => {
  it.each([...NPC_ROLES])('%s', (role) => {
    const rng = new Rng(`property-${role}`);
    let checked = 0;
    for (const intent of INTENTS) {
      for (let i = 0; i < 40; i++) {
        const allowed = i < ACTION_TYPES.length ? [ACTION_TYPES[i] ?? 'talk'] : randomSubset(rng);
        const svc = SERVICE_SETS[i % SERVICE_SETS.length] ?? {};
        const npc = makeNpc(role, {
          services: svc === 'role' ? ROLE_SERVICES[role] : svc,
          personality: { openness: rng.next(), conscientiousness: rng.next(), extraversion: rng.next(), agreeableness: rng.next(), neuroticism: rng.next() },
        });
        const text = TEXTS[i % TEXTS.length] ?? '';
        const player: DecisionRequest['player'] = i % 3 === 0
          ? { id: 'p1' }
          : { id: 'p_2', name: i % 2 ? 'Ærwyn the <b>Bold</b>' : 'Bob', level: 1 + (i * 37) % 999, zeny: i % 4 === 0 ? 0 : 5_000_000, job: 'Mage' };
        const context = i % 5 === 0 ? { map: 'prontera', x: 150, y: 150 } : i % 5 === 1 ? { map: '??', x: 5000, y: -1 } : undefined;
        const request = makeRequest(text, allowed, {
          player, ...(context ? { context } : {}), eventType: EVENT_TYPES[i % EVENT_TYPES.length] ?? 'talk',
        });
        const recognition: Recognition = {
          intent: { name: intent, confidence: rng.next() },
          slots: SLOT_SETS[i % SLOT_SETS.length] ?? {},
          normalized: text,
          ...(i % 7 === 0 ? { injection: true } : {}),
        };
        const body = respond({ npc, request, recognition, seed: `s${i}` });
        const parsed = decisionBodyFor(allowed).safeParse(body);
        if (!parsed.success) throw new Error(`${role}/${intent}/${allowed.join(',')}: ${parsed.error.message}\n${JSON.stringify(body)}`);
        expect(body.intent).toEqual(recognition.intent);
        expect(body.say.length).toBeLessThanOrEqual(SAY_MAX);
        expect(body.say).not.toContain('undefined');
        checked++;
      }
    }
    expect(checked).toBe(INTENTS.length * 40);
  });

  it('never throws on a malformed request', () => {
    const npc = makeNpc('kafra');
    const request = { ...makeRequest('hi', ['talk']), allowedActions: [] as ActionType[] };
    const recognition: Recognition = { intent: { name: 'greet', confidence: 1 }, slots: {}, normalized: 'hi' };
    expect(() => respond({ npc, request, recognition, seed: '' })).not.toThrow();
  });
});
