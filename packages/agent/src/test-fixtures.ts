/** NPCs, requests and records for this package's tests (not exported from the index). */
import { randomUUID } from 'node:crypto';
import {
  DecisionRequest, NEUTRAL_PERSONALITY, type ActionType, type DecisionBody, type DecisionRecord, type DecisionRequestInput, type Npc,
  type NpcRole, type Personality, type Services,
} from '@npc/contracts';

export const SHOP: Services = {
  shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }],
  buys: [{ item: 'Jellopy', price: 3 }],
};
export const QUESTS: Services = {
  quests: [{ id: 'jellopy_hunt', name: 'Jellopy Hunt', requires: [{ item: 'Jellopy', amount: 10 }], reward: '500 base exp' }],
};

export function npc(id: string, role: NpcRole, over: { personality?: Partial<Personality>; services?: Services; name?: string; behaviorTree?: unknown } = {}): Npc {
  return {
    id,
    name: over.name ?? id,
    role,
    personality: { ...NEUTRAL_PERSONALITY, ...over.personality },
    background: '',
    services: over.services ?? (role === 'merchant' ? SHOP : role === 'quest_giver' ? QUESTS : {}),
    ...(over.behaviorTree === undefined ? {} : { behaviorTree: over.behaviorTree }),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

export function request(npcId: string, text: string | undefined, over: Partial<DecisionRequestInput> = {}, allowed: readonly ActionType[] = ['talk', 'emote', 'buy', 'sell', 'quote_price', 'open_shop', 'give_quest', 'complete_quest', 'call_guards', 'attack', 'walk']): DecisionRequest {
  return DecisionRequest.parse({
    npc: { id: npcId },
    player: { id: 'p1', name: 'Aria', level: 12 },
    event: { type: 'talk', ...(text === undefined ? {} : { text }) },
    allowedActions: allowed,
    deadlineMs: 2000,
    ...over,
  });
}

/** A finished decision record for `body` (as finalize would store it). */
export function record(req: DecisionRequest, body: DecisionBody, at = Date.now()): DecisionRecord {
  return {
    decision: { ...body, decisionId: randomUUID(), source: 'rules', costUsd: 0, latencyMs: 1 },
    request: req,
    npcId: req.npc.id,
    apiKeyId: 'k',
    answeredBy: 'test',
    receivedAt: at - 1,
    decidedAt: at,
  };
}
