/**
 * How personality (Big Five, 0..1) and what the NPC remembers of a player turn into choices among
 * allowed actions. Pure and deterministic: the same traits and memory always give the same numbers.
 * Used by the responders and, through packages/agent, by behaviour-tree conditions.
 */
import type { Personality } from '@npc/contracts';

/** What the NPC holds against a player (counts from its memory). */
export interface Grudge {
  readonly insults: number;
  readonly violence: number;
}
export const NO_GRUDGE: Grudge = Object.freeze({ insults: 0, violence: 0 });

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** What provokes the NPC now: an insult, an attack, or nothing (the player merely shows up). */
export type Provocation = 'none' | 'insult' | 'combat';
const PROVOCATION: Readonly<Record<Provocation, number>> = { none: 0, insult: 0.5, combat: 1 };

/** Alarm level at or above which the NPC escalates (calls the guards; a steady guard attacks). */
export const ALARM_THRESHOLD = 0.6;

/**
 * How alarmed the NPC is: the provocation, grudges (each remembered insult +0.3, violence +0.6),
 * neuroticism (+ above 0.5) and disagreeableness (0.8 × how far agreeableness is below 0.5; a warm
 * NPC is calmer). A neutral NPC (0.5 everywhere) scolds a first insult (0.5) and escalates at the
 * second (0.8); a neurotic one (N 0.9) escalates at the first (0.9) and raises the alarm as soon
 * as a player it remembers insulting it shows up again (0.7).
 */
export function alarmLevel(traits: Personality, grudge: Grudge = NO_GRUDGE, provocation: Provocation = 'none'): number {
  return PROVOCATION[provocation]
    + 0.3 * Math.min(grudge.insults, 3)
    + 0.6 * Math.min(grudge.violence, 2)
    + (traits.neuroticism - 0.5)
    + 0.8 * (0.5 - traits.agreeableness);
}

/** Whether the NPC escalates (alarm level ≥ threshold). */
export function escalates(traits: Personality, grudge: Grudge = NO_GRUDGE, provocation: Provocation = 'none', threshold = ALARM_THRESHOLD): boolean {
  return alarmLevel(traits, grudge, provocation) >= threshold;
}

/**
 * The traits the NPC shows this player: every remembered insult makes it 0.2 less agreeable toward
 * them, violence 0.35 (at most 0.5 in all): a guard is colder to a player who insulted him.
 */
export function traitsToward(traits: Personality, grudge: Grudge = NO_GRUDGE): Personality {
  const cold = Math.min(0.5, 0.2 * grudge.insults + 0.35 * grudge.violence);
  return cold > 0 ? { ...traits, agreeableness: clamp01(traits.agreeableness - cold) } : traits;
}

export interface PriceMood {
  /** The player asks for a better price ("discount", "cheaper", "too expensive"). */
  readonly haggling: boolean;
  /** A returning customer (two or more remembered purchases). */
  readonly loyal: boolean;
  /** The player insulted the NPC before. */
  readonly rude: boolean;
}

/** Largest discount any NPC gives, in percent. */
export const MAX_DISCOUNT_PCT = 25;

/**
 * Price adjustment in percent (positive: discount, negative: surcharge). Only agreeable NPCs give
 * in: haggling earns round((A − 0.45) × 40) % (A 0.9 → 18 %, A 0.5 → 2 %, A ≤ 0.45 → nothing),
 * loyalty 5 % more when A ≥ 0.5; a disagreeable NPC (A < 0.5) charges a remembered insulter 20 %
 * more. `capPct` (a behaviour tree's `Discount` leaf) caps the discount.
 */
export function priceAdjustmentPct(traits: Personality, mood: PriceMood, capPct = MAX_DISCOUNT_PCT): number {
  const a = traits.agreeableness;
  if (mood.rude && a < 0.5) return -20;
  let pct = 0;
  if (mood.haggling) pct += Math.min(20, Math.max(0, Math.round((a - 0.45) * 40)));
  if (mood.loyal && a >= 0.5) pct += 5;
  return Math.max(0, Math.min(pct, capPct, MAX_DISCOUNT_PCT));
}

/** Applies a percentage adjustment to a price (integer zeny, never below 1 for a non-zero price). */
export function adjustPrice(price: number, pct: number): number {
  if (pct === 0 || price === 0) return price;
  return Math.max(1, Math.round((price * (100 - pct)) / 100));
}

const HAGGLE_RE = /\b(discount|discounts|cheaper|cheap|lower|less|haggle|haggling|bargain|too expensive|too much|better price|best price|special price|price down)\b/;
/** Whether normalised player text asks for a better price. */
export const isHaggling = (normalized: string): boolean => HAGGLE_RE.test(normalized);
