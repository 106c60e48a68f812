/** NPCs and requests shared by the tests of this package (not exported from the index). */
import {
  NEUTRAL_PERSONALITY, type ActionType, type DecisionRequest, type Npc, type NpcRole, type Personality, type Services,
} from '@npc/contracts';

export const FULL_SERVICES: Services = {
  shop: [
    { item: 'Red Potion', price: 50 }, { item: 'Orange Potion', price: 200 }, { item: 'Fly Wing', price: 60, stock: 30 },
    { item: 'Butterfly Wing', price: 300, stock: 0 }, { item: 'Arrow', price: 1 }, { item: 'Bow', price: 1000 },
    { item: 'Bandage of Hope', price: 75 },
  ],
  buys: [{ item: 'Jellopy', price: 3 }, { item: 'Fluff', price: 4 }, { item: 'Feather', price: 3 }],
  warps: [
    { destination: 'Geffen', map: 'geffen', x: 119, y: 59, fee: 1200 },
    { destination: 'Payon', map: 'payon', x: 162, y: 233, fee: 1200 },
    { destination: 'Morroc', map: 'morocc', x: 156, y: 93, fee: 1800 },
    { destination: 'Al De Baran', map: 'aldebaran', x: 140, y: 131, fee: 2200 },
  ],
  storage: { fee: 40 },
  savePoint: { map: 'prontera', x: 156, y: 191 },
  quests: [
    { id: 'jellopy_hunt', name: 'Jellopy Hunt', maxLevel: 30, requires: [{ item: 'Jellopy', amount: 10 }], reward: '500 base exp' },
    { id: 'wolf_menace', name: 'Wolf Menace', minLevel: 20, requires: [{ item: 'Claw of Wolves', amount: 5 }], reward: '2000 zeny' },
  ],
  refine: { fee: 2000, maxLevel: 10 },
  jobs: ['Swordman', 'Mage', 'Archer'],
  directions: [
    { place: 'Inn', map: 'prontera', x: 204, y: 191, hint: 'east of the fountain, the building with the red roof' },
    { place: 'Tool Shop', map: 'prontera', x: 134, y: 221, hint: 'north-west of the fountain' },
    { place: 'Church', map: 'prontera', x: 236, y: 318, hint: 'in the north-east corner of town' },
  ],
};

export const ROLE_SERVICES: Readonly<Record<NpcRole, Services>> = {
  kafra: { warps: FULL_SERVICES.warps, storage: FULL_SERVICES.storage, savePoint: FULL_SERVICES.savePoint },
  merchant: { shop: FULL_SERVICES.shop, buys: FULL_SERVICES.buys },
  guard: { directions: FULL_SERVICES.directions },
  quest_giver: { quests: FULL_SERVICES.quests },
  refiner: { refine: FULL_SERVICES.refine },
  job_master: { jobs: FULL_SERVICES.jobs },
  townsperson: { directions: FULL_SERVICES.directions },
};

const NAMES: Readonly<Record<NpcRole, string>> = {
  kafra: 'Kafra Leilah', merchant: 'Tool Dealer Hans', guard: 'Guard Bertram', quest_giver: 'Old Man Rigel',
  refiner: 'Hollgrehenn', job_master: 'Mage Guildsman', townsperson: 'Little Mia',
};

export function makeNpc(role: NpcRole, opts: { services?: Services; personality?: Partial<Personality>; name?: string } = {}): Npc {
  return {
    id: `npc_${role}`,
    name: opts.name ?? NAMES[role],
    role,
    personality: { ...NEUTRAL_PERSONALITY, ...opts.personality },
    background: '',
    services: opts.services ?? ROLE_SERVICES[role],
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

export function makeRequest(
  text: string | undefined, allowedActions: readonly ActionType[], opts: Partial<Pick<DecisionRequest, 'player' | 'context'>> & { eventType?: DecisionRequest['event']['type'] } = {},
): DecisionRequest {
  return {
    npc: { id: 'npc_x' },
    player: opts.player ?? { id: 'p1', name: 'Aria', level: 25, zeny: 100_000 },
    event: { type: opts.eventType ?? 'talk', ...(text === undefined ? {} : { text }) },
    ...(opts.context ? { context: opts.context } : {}),
    allowedActions: [...allowedActions],
    deadlineMs: 200,
    wait: true,
  };
}
