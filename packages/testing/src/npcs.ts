import { NpcInput, type Npc } from '@npc/contracts';

/**
 * The NPCs tests register, one definition each (gateway, chaos, bridge and worker tests alike).
 * `KAFRA`: warps to Geffen and Payon (1,200 zeny), storage (40), a save point in Prontera.
 */
export const KAFRA = {
  name: 'Kafra Employee',
  role: 'kafra',
  personality: { openness: 0.5, conscientiousness: 0.8, extraversion: 0.6, agreeableness: 0.9, neuroticism: 0.2 },
  background: 'Kafra Corporation employee in Prontera.',
  services: {
    warps: [
      { destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 },
      { destination: 'Payon', map: 'payon', x: 161, y: 58, fee: 1200 },
    ],
    storage: { fee: 40 },
    savePoint: { map: 'prontera', x: 156, y: 191 },
  },
} satisfies NpcInput;

/** A tool dealer: sells Red Potions (50) and Fly Wings (60), buys Jellopy (3). */
export const MERCHANT: NpcInput = {
  name: 'Tool Dealer',
  role: 'merchant',
  services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] },
};

/** A fixture as the registry stores it under `id` (defaults applied), for code that takes an `Npc` without a gateway. */
export function registeredNpc(input: NpcInput, id: string, at = '2026-01-01T00:00:00.000Z'): Npc {
  return { ...NpcInput.parse(input), id, createdAt: at, updatedAt: at };
}
