/** Small text helpers for responder sentences. */
import { findTown } from '../entities';
import type { Catalog } from './i18n/index';

/** "A, B and C" (", and more" when cut); `or` for alternatives without the "more", in the catalog's language. */
export const list = (cat: Catalog, names: readonly string[], max = 4, conj: 'and' | 'or' = 'and'): string => {
  const shown = names.slice(0, max);
  const more = conj === 'and' && names.length > max ? cat.andMore : '';
  if (shown.length <= 1) return `${shown[0] ?? ''}${more}`;
  return `${shown.slice(0, -1).join(', ')} ${cat[conj]} ${shown[shown.length - 1] ?? ''}${more}`;
};

/** A sentence from an NPC-provided hint (ends with punctuation). */
export const sentence = (s: string): string => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** A map's town name when the gazetteer knows it (never the raw map name when it is a known town). */
export const townName = (map: string): string => findTown(map)?.name ?? map;

/** How to get to a gazetteer town, in the catalog's language. */
export function townHint(cat: Catalog, name: string): string {
  if (cat.lang === 'en') return findTown(name)?.hint ?? cat.hintFallback;
  return cat.hints[name] ?? cat.hintFallback;
}

export const capital = (s: string): string => (s.length > 0 ? s.charAt(0).toUpperCase() + s.slice(1) : s);
