/**
 * What an NPC feels toward a player now (pure): grudges and warmth fade with a half-life
 * (`GRUDGE_HALF_LIFE_H`, default 72 h: an insult weighs 1 when said, ½ three days later), and
 * apologies and kindness count against grudges. One insult no longer makes a guard call the
 * guards on a player forever: the responders compare what is left with the same thresholds as
 * the raw counts before (`disposition.ts`).
 *
 *   insults  = max(0, Σ insult·d − Σ apology·d − ½ Σ kindness·d)
 *   violence = max(0, Σ violence·d − ½ Σ apology·d)
 *   warmth   = Σ (purchase 0.3, sale 0.2, kindness 0.5, apology 0.2, quest done 0.5)·d
 *
 * with d = 0.5^(age / half-life); episodes folded into the reflection count at the reflection's time.
 */
import type { Memory, PlayerMemoryState } from '@npc/contracts';

export const DEFAULT_GRUDGE_HALF_LIFE_MS = 72 * 3_600_000;

export interface Feeling {
  insults: number;
  violence: number;
  warmth: number;
}

const WARMTH: Partial<Record<Memory['kind'], number>> = { purchase: 0.3, sale: 0.2, kindness: 0.5, apology: 0.2, quest_done: 0.5 };
const round = (x: number): number => Math.round(x * 1000) / 1000;

export function feelingOf(state: Pick<PlayerMemoryState, 'episodes' | 'reflection'> | null, now: number, halfLifeMs = DEFAULT_GRUDGE_HALF_LIFE_MS): Feeling {
  let insults = 0;
  let violence = 0;
  let apologies = 0;
  let kindness = 0;
  let warmth = 0;
  const decay = (at: number): number => (halfLifeMs > 0 ? 0.5 ** (Math.max(0, now - at) / halfLifeMs) : 1);
  const t = state?.reflection?.tally;
  if (state?.reflection && t) {
    const d = decay(state.reflection.at);
    insults += t.insults * d;
    violence += t.violence * d;
    warmth += (0.3 * t.purchases + 0.2 * t.sales + 0.5 * t.questsDone) * d;
  }
  for (const m of state?.episodes ?? []) {
    const d = decay(m.at);
    if (m.kind === 'insult') insults += d;
    else if (m.kind === 'violence') violence += d;
    else if (m.kind === 'apology') apologies += d;
    else if (m.kind === 'kindness') kindness += d;
    warmth += (WARMTH[m.kind] ?? 0) * d;
  }
  return {
    insults: round(Math.max(0, insults - apologies - 0.5 * kindness)),
    violence: round(Math.max(0, violence - 0.5 * apologies)),
    warmth: round(warmth),
  };
}
