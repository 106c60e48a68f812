import type { ActionType } from '@npc/contracts';
import { KAFRA as SHARED_KAFRA } from '@npc/testing';
import type { BudgetGate } from './client';
import type { ProviderConfig } from './providers';
import type { PromptNpc, PromptRequest } from './prompt';

/** The shared Kafra (`@npc/testing`) as the prompt tests know her: named, more diligent and outgoing, with a shop. */
export const KAFRA: PromptNpc = {
  ...SHARED_KAFRA,
  name: 'Kafra Leilah',
  personality: { ...SHARED_KAFRA.personality, conscientiousness: 0.9, extraversion: 0.8 },
  background: 'A cheerful Kafra employee stationed at the south gate of Prontera since the war ended.',
  services: { ...SHARED_KAFRA.services, shop: [{ item: 'Red Potion', price: 50 }], buys: [{ item: 'Jellopy', price: 3 }] },
};

export function request(allowedActions: ActionType[] = ['talk', 'warp', 'open_storage'], text = 'hello there!'): PromptRequest {
  return {
    player: { id: 'p-1', name: 'Alice', level: 45, job: 'Knight', zeny: 12_000 },
    event: { type: 'talk', text },
    allowedActions,
  };
}

export function provider(name: string, url: string, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return { name, baseURL: url, apiKey: 'none', model: `${name}-model`, inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 2_000, ...extra };
}

export interface GateLog {
  reserved: { id: string; usd: number }[];
  settled: { id: string; usd: number }[];
  released: string[];
}

/** An in-memory budget gate that records every call; `limitUsd` caps what may be outstanding + spent. */
export function recordingGate(limitUsd = Infinity): BudgetGate & { log: GateLog } {
  const log: GateLog = { reserved: [], settled: [], released: [] };
  let n = 0;
  let used = 0;
  const open = new Map<string, number>();
  return {
    log,
    async reserve(usd) {
      if (used + usd > limitUsd) return null;
      const id = `r${++n}`;
      used += usd;
      open.set(id, usd);
      log.reserved.push({ id, usd });
      return { id };
    },
    async settle(r, actual) {
      used += actual - (open.get(r.id) ?? 0);
      open.delete(r.id);
      log.settled.push({ id: r.id, usd: actual });
    },
    async release(r) {
      used -= open.get(r.id) ?? 0;
      open.delete(r.id);
      log.released.push(r.id);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
