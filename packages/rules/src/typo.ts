/**
 * Edit-distance helpers shared by the normaliser and the fuzzy matcher, on top of
 * `fastest-levenshtein`: a length-scaled typo budget and adjacent transpositions counted as one edit.
 */
import { distance } from 'fastest-levenshtein';

/** How many edits a string of this length may carry and still count as a typo. */
export function maxTypos(length: number): number {
  if (length < 5) return 0;
  if (length <= 6) return 1;
  if (length <= 10) return 2;
  return 3;
}

/** True when b is a with exactly two adjacent letters swapped. */
export function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i >= a.length - 1) return false;
  if (a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}

/** Edit distance with an adjacent transposition counted as a single edit. */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d = distance(a, b);
  return d === 2 && isAdjacentSwap(a, b) ? 1 : d;
}

/**
 * The typo distance between a (what was typed) and b (a known spelling) when it is small enough
 * for their lengths, else undefined. A different first letter is tolerated only for one edit in
 * longer words (first letters are rarely mistyped, and this avoids "there" → "where").
 */
export function isTypo(a: string, b: string): number | undefined {
  const budget = maxTypos(Math.min(a.length, b.length));
  if (budget === 0 || Math.abs(a.length - b.length) > budget) return undefined;
  const d = typoDistance(a, b);
  if (d > budget) return undefined;
  if (a[0] !== b[0] && (d > 1 || a.length < 6)) return undefined;
  return d;
}
