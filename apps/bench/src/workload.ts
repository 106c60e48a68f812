import type { DecisionRequestInput, NpcInput } from '@npc/contracts';

/** The NPCs of the decision benchmarks (`bench decisions`, `bench stage`). */
export const NPCS: Record<string, NpcInput> = {
  kafra: { name: 'Kafra', role: 'kafra', services: { warps: [{ destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 }], storage: { fee: 40 }, savePoint: { map: 'prontera', x: 156, y: 191 } } },
  merchant: { name: 'Tool Dealer', role: 'merchant', services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] } },
  guard: { name: 'Guard', role: 'guard' },
};

/** What players say to them, cycled: NPC, text, allowed actions. */
export const LINES: [string, string, DecisionRequestInput['allowedActions']][] = [
  ['kafra', 'warp me to geffen pls', ['warp', 'talk']],
  ['kafra', 'open storage', ['open_storage', 'talk']],
  ['merchant', 'wtb 10 red pots', ['buy', 'talk', 'open_shop']],
  ['merchant', 'how much for a fly wing?', ['quote_price', 'talk']],
  ['merchant', 'wts jellopy', ['sell', 'talk']],
  ['guard', 'hello there', ['talk', 'emote']],
  ['guard', 'stupid guard', ['talk', 'call_guards', 'attack']],
  ['kafra', 'save here', ['save_point', 'talk']],
];

/** 2,048 players (a busy server's worth): each NPC remembers each of them. */
export const PLAYERS = 2048;

/** The i-th request of the workload (player i mod PLAYERS, line i mod LINES). */
export function requestOf(i: number, deadlineMs: number) {
  const [npc, text, allowedActions] = LINES[i % LINES.length]!;
  const p = i % PLAYERS;
  return { npc: { id: npc }, player: { id: `p${p}`, name: `Player${p}`, level: 1 + (p % 99) }, event: { type: 'talk' as const, text }, allowedActions, deadlineMs };
}
