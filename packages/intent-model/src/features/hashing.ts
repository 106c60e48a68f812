/**
 * The hash of the features (FNV-1a over char codes, finished with murmur3's fmix32) and the
 * gazetteer classes (a town, an item of some category, a job, a place), hashed once at load.
 */
import { ITEMS, JOBS, PLACES, TOWNS, normalizeEnglish } from '@npc/rules';

export const FNV_PRIME = 16777619;
export const CHAR_BASIS = 0x811c9dc5 | 0;
export const WORD_BASIS = 0x2f3a9c17 | 0;
export const BIGRAM_TAG = 0x5bd1e995 | 0;
export const ENTITY_TAG = 0x1b873593 | 0;
export const SHAPE_TAG = 0x68e31da4 | 0;

export function fmix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Digits fold to '0' ("10 red pots" ~ "20 red pots"). */
export const fold = (c: number): number => (c >= 49 && c <= 57 ? 48 : c);

export function hashToken(tok: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < tok.length; i++) h = Math.imul(h ^ fold(tok.charCodeAt(i)), FNV_PRIME);
  return h;
}

export const BOS = hashToken('\u0002', WORD_BASIS);
export const EOS = hashToken('\u0003', WORD_BASIS);

// ── gazetteer classes ───────────────────────────────────────────────────────────────────────────

/** Normalised alias → class hash; multi-word aliases are also indexed by their first word. */
export const ENTITY_CLASS = new Map<string, number>();
export const MULTI_FIRST = new Map<string, number>(); // first word → longest alias length in words
(() => {
  const add = (alias: string, cls: string): void => {
    // Game names are the game's in every language: never translated (`normalizeEnglish`).
    const text = normalizeEnglish(alias).text;
    if (text.length === 0 || ENTITY_CLASS.has(text)) return;
    ENTITY_CLASS.set(text, hashToken(`<${cls}>`, WORD_BASIS));
    const words = text.split(' ');
    if (words.length > 1) MULTI_FIRST.set(words[0]!, Math.max(MULTI_FIRST.get(words[0]!) ?? 0, words.length));
  };
  for (const t of TOWNS) for (const a of [t.name, ...t.aliases]) add(a.toLowerCase(), t.kind === 'town' ? 'town' : t.kind);
  for (const i of ITEMS) for (const a of [i.name, ...i.aliases]) add(a.toLowerCase(), `item_${i.category}`);
  for (const j of JOBS) for (const a of [j.name, ...j.aliases]) add(a.toLowerCase(), 'job');
  for (const p of PLACES) for (const a of p.aliases) add(a.toLowerCase(), 'place');
})();
