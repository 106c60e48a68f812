/** Small text helpers for responder sentences. */
import { findTown } from '../entities';

/** "A, B and C" (", and more" when cut); `or` for alternatives without the "more". */
export const list = (names: readonly string[], max = 4, conj: 'and' | 'or' = 'and'): string => {
  const shown = names.slice(0, max);
  const more = conj === 'and' && names.length > max ? ', and more' : '';
  if (shown.length <= 1) return `${shown[0] ?? ''}${more}`;
  return `${shown.slice(0, -1).join(', ')} ${conj} ${shown[shown.length - 1] ?? ''}${more}`;
};

/** A sentence from an NPC-provided hint (ends with punctuation). */
export const sentence = (s: string): string => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** "a Mage", "an Archer". */
export const aOrAn = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** A map's town name when the gazetteer knows it. */
export const townName = (map: string): string => findTown(map)?.name ?? map;

export const capital = (s: string): string => (s.length > 0 ? s.charAt(0).toUpperCase() + s.slice(1) : s);
