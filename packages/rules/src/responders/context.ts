/**
 * Everything a responder needs for one decision, and safe lookups into the NPC's services. All
 * names said or put into action args come from the NPC's own services or the gazetteer, never from
 * the player's raw text.
 */
import {
  ActionArgs, type Action, type ActionType, type DecisionRequest, type MemoryRecall, type Npc, type Services,
} from '@npc/contracts';
import type { Grudge } from '../disposition';
import { listIndex, pickByName, simplifyName, type FuzzyIndex } from '../fuzzy';
import { findItem, findJob, findTown, ITEM_INDEX } from '../entities';
import { normalizeEnglish } from '../normalize';
import { VOCABULARY } from '../vocabulary';
import type { Recognition } from '../types';
import type { Voice } from './voice';

export interface Here {
  readonly map?: string;
  readonly x?: number;
  readonly y?: number;
}

export interface Ctx {
  readonly npc: Npc;
  readonly request: DecisionRequest;
  readonly rec: Recognition;
  readonly voice: Voice;
  readonly services: Services;
  /** The normalised player text as tokens. */
  readonly tokens: readonly string[];
  /** Whether the request allows an action type. */
  readonly allows: (type: ActionType) => boolean;
  /** Where the conversation happens (validated `request.context` map/x/y). */
  readonly here: Here;
  /** What the NPC remembers of this player and knows of the world (absent: no memory wired). */
  readonly memory?: MemoryRecall;
  /** Remembered insults and violence of this player. */
  readonly grudge: Grudge;
  /** Whether the NPC escalates against an insult now (personality + grudge; see disposition.ts). */
  readonly escalate: boolean;
  /** Whether merely meeting this player again raises the NPC's alarm (a remembered grudge + nerves). */
  readonly alarmed: boolean;
  /** Price adjustment in percent for this player and text (positive: discount; see disposition.ts). */
  readonly priceAdjustmentPct: number;
  /** Whether the player asks for a better price. */
  readonly haggling: boolean;
  /** Sets the difficulty-scaled args of a quest or a fight (the agent's, with the player's rating); the say is made from its result. */
  readonly scale?: (action: Action) => Action;
  /** Several things fit what the player said (the NPC asks which): names to choose from. */
  readonly choices?: readonly string[];
  /** "all of them": as many as there are. */
  readonly allOfThem?: boolean;
  /** The player said yes to the NPC's offer (the request stands; no more asking). */
  readonly confirmed?: boolean;
  /** The player turned the NPC's offer down. */
  readonly refused?: boolean;
  /** An apology or thanks on its own. */
  readonly gesture?: 'apology' | 'thanks';
}

const MAP_RE = /^[A-Za-z0-9_@.-]{1,32}$/;

/** A valid rAthena map name or undefined. */
export const safeMap = (v: unknown): string | undefined => (typeof v === 'string' && MAP_RE.test(v) ? v : undefined);
/** A valid coordinate or undefined. */
export const safeCoord = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1024 ? v : undefined;

const NOWHERE: Here = Object.freeze({});

export function hereOf(request: DecisionRequest): Here {
  const c = request.context;
  if (!c) return NOWHERE;
  const here: { map?: string; x?: number; y?: number } = {};
  const map = safeMap(c['map']);
  if (map) here.map = map;
  const x = safeCoord(c['x']);
  if (x !== undefined) here.x = x;
  const y = safeCoord(c['y']);
  if (y !== undefined) here.y = y;
  return here;
}

/** Clamps to an integer range. */
export const clampInt = (n: number, lo: number, hi: number): number =>
  Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo;

export const ZENY_MAX = 2_000_000_000;
export const zeny = (n: number): number => clampInt(n, 0, ZENY_MAX);

/** Truncates a string to a contract length (ShortText 120, ItemName 64), never empty. */
export function short(s: string, max = 120, fallback = 'something'): string {
  const t = s.trim().slice(0, max).trim();
  return t.length > 0 ? t : fallback;
}

/** Keeps a player name printable and short (it comes from the game, but players choose it). */
export function safePlayerName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (/^[A-Za-z0-9 _.'-]{1,24}$/.test(name) && name.trim() === name && !name.includes('  ')) return name;
  const clean = name.normalize('NFKC').replace(/[^\p{L}\p{N} _.'-]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 24).trim();
  return clean.length > 0 ? clean : undefined;
}

const singularPlural = (text: string): string[] => {
  const out = [text];
  if (text.endsWith('s')) out.push(text.slice(0, -1));
  else out.push(`${text}s`);
  return out;
};

const nameAliases = (name: string): string[] => {
  const text = normalizeEnglish(name).text;
  return text.length > 0 ? singularPlural(text) : [];
};

function scanFor(ctx: Ctx, idx: FuzzyIndex<number>): number {
  const hit = idx.scan(ctx.tokens, { isKnown: (t) => VOCABULARY.has(t) || idx.words.has(t) })[0];
  return hit ? hit.value : -1;
}

type Named = { readonly item: string };

/** Index in a shop/buys list of the item the player means (slot first, then the text), or -1. */
export function findGoods(ctx: Ctx, list: readonly Named[], tag: 'shop' | 'buys'): number {
  if (list.length === 0) return -1;
  const idx = listIndex(list, tag, (e) => nameAliases(e.item));
  const slot = ctx.rec.slots.item;
  if (slot) {
    const exact = idx.exact(normalizeEnglish(slot).text);
    if (exact !== undefined) return exact;
    const names = list.map((e) => e.item);
    const i = pickByName(slot, names);
    if (i >= 0) return i;
    // Slot names a gazetteer item; compare canonical names of the NPC's items too.
    const j = list.findIndex((e) => findItem(e.item)?.name === slot);
    if (j >= 0) return j;
  }
  const k = scanFor(ctx, idx);
  if (k >= 0 || !slot) return k;
  const names = list.map((e) => e.item);
  // The words the player used for the item ("bandage") inside one of the NPC's names ("Bandage of Hope").
  const span = ITEM_INDEX.scan(ctx.tokens, { isKnown: (t) => VOCABULARY.has(t) })[0];
  return span ? pickByName(ctx.tokens.slice(span.start, span.end).join(' '), names) : -1;
}

/**
 * Goods the player may mean when the words fit several and none exactly ("a potion" in a shop of
 * Red, Orange and Yellow Potions): their names, else undefined.
 */
export function ambiguousGoods(ctx: Ctx, list: readonly Named[]): string[] | undefined {
  const slot = ctx.rec.slots.item;
  if (!slot || list.length < 2) return undefined;
  const simple = simplifyName(slot);
  if (list.some((e) => simplifyName(e.item) === simple || findItem(e.item)?.name === slot)) return undefined;
  const word = simple.split(' ').pop() ?? simple;
  const hits = list.filter((e) => ` ${simplifyName(e.item)} `.includes(` ${word} `) || ` ${simplifyName(e.item)}s `.includes(` ${word} `));
  return hits.length > 1 ? hits.map((e) => e.item).slice(0, 8) : undefined;
}

type WarpEntry = NonNullable<Services['warps']>[number];

/** Index of the warp destination the player means, or -1. */
export function findWarp(ctx: Ctx, warps: readonly WarpEntry[]): number {
  if (warps.length === 0) return -1;
  const town = ctx.rec.slots.town;
  if (town) {
    const byMap = warps.findIndex((w) => w.map.toLowerCase() === town.map.toLowerCase());
    if (byMap >= 0) return byMap;
    const byName = pickByName(town.name, warps.map((w) => w.destination));
    if (byName >= 0) return byName;
  }
  if (ctx.tokens.length === 0) return -1;
  return scanFor(ctx, listIndex(warps, 'warps', (w) => {
    const aliases = [...nameAliases(w.destination), ...nameAliases(w.map)];
    const t = findTown(w.destination) ?? findTown(w.map);
    if (t) for (const a of t.aliases) aliases.push(normalizeEnglish(a).text);
    return aliases;
  }));
}

type DirectionEntry = NonNullable<Services['directions']>[number];

/** Index of the place (in the NPC's directions) the player asks about, or -1. */
export function findDirection(ctx: Ctx, dirs: readonly DirectionEntry[]): number {
  if (dirs.length === 0) return -1;
  const names = dirs.map((d) => d.place);
  const place = ctx.rec.slots.place;
  if (place) {
    const i = pickByName(place.replace(/^the /i, ''), names);
    if (i >= 0) return i;
  }
  const town = ctx.rec.slots.town;
  if (town) {
    const i = pickByName(town.name, names);
    if (i >= 0) return i;
  }
  return scanFor(ctx, listIndex(dirs, 'directions', (d) => nameAliases(d.place.replace(/^the /i, ''))));
}

type QuestEntry = NonNullable<Services['quests']>[number];

/** Quests the player's level allows (all when the level is unknown). */
export function eligibleQuests(ctx: Ctx, quests: readonly QuestEntry[]): QuestEntry[] {
  const level = ctx.request.player.level;
  if (level === undefined) return [...quests];
  return quests.filter((q) => (q.minLevel ?? 1) <= level && level <= (q.maxLevel ?? 999));
}

/**
 * A quest's terms as action args (give_quest, complete_quest): the items to bring and the reward,
 * machine-readable beside the words, so a game script can check and pay them.
 */
export function questTerms(q: QuestEntry): { requires?: Array<{ item: string; amount: number }>; rewardItem?: string; rewardAmount?: number; rewardZeny?: number } {
  return {
    ...(q.requires?.length ? { requires: q.requires.map((r) => ({ item: r.item, amount: r.amount })) } : {}),
    ...(q.rewardItem ? { rewardItem: q.rewardItem } : {}),
    ...(q.rewardAmount === undefined ? {} : { rewardAmount: q.rewardAmount }),
    ...(q.rewardZeny === undefined ? {} : { rewardZeny: q.rewardZeny }),
  };
}

/** The quest a turn-in is about: the one needing the item mentioned, or named, else the first eligible. */
export function questForProgress(ctx: Ctx, quests: readonly QuestEntry[]): QuestEntry | undefined {
  if (quests.length === 0) return undefined;
  const item = ctx.rec.slots.item;
  if (item) {
    const q = quests.find((qq) => (qq.requires ?? []).some((r) => r.item === item || findItem(r.item)?.name === item || pickByName(item, [r.item]) === 0));
    if (q) return q;
  }
  const named = scanFor(ctx, listIndex(quests, 'quests', (q) => nameAliases(q.name)));
  if (named >= 0) return quests[named];
  return eligibleQuests(ctx, quests)[0] ?? quests[0];
}

/** The job (as spelt in services.jobs) the player asks for, or undefined. */
export function findJobOffer(ctx: Ctx, jobs: readonly string[]): string | undefined {
  const wanted = ctx.rec.slots.job;
  if (!wanted) return undefined;
  const i = jobs.findIndex((j) => findJob(j)?.name === wanted);
  if (i >= 0) return jobs[i];
  const k = pickByName(wanted, jobs);
  return k >= 0 ? jobs[k] : undefined;
}

/** rAthena equipment slot for an item category, used by the refine menu. */
export function equipSlot(itemName: string | undefined): string | undefined {
  if (!itemName) return undefined;
  switch (findItem(itemName)?.category) {
    case 'weapon': return 'EQI_HAND_R';
    case 'shield': return 'EQI_HAND_L';
    case 'armor': return 'EQI_ARMOR';
    case 'garment': return 'EQI_GARMENT';
    case 'shoes': return 'EQI_SHOES';
    case 'headgear': return 'EQI_HEAD_TOP';
    default: return undefined;
  }
}

/** Whether the player can pay (unknown zeny: assume yes, the game script checks again). */
export const canAfford = (ctx: Ctx, cost: number): boolean => {
  const z = ctx.request.player.zeny;
  return z === undefined || z >= cost;
};

/** Whether args are valid for an action type (cheap guard used before returning a move). */
export function argsValid(type: ActionType, args: unknown): boolean {
  return ActionArgs[type].safeParse(args).success;
}
