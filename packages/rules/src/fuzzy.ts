/**
 * Fuzzy lookup of token spans against a list of names (towns, items, jobs, places, or an NPC's own
 * services). Exact/alias lookup first (a Map), then `fastest-levenshtein` distances against the
 * candidates of a similar length only, with a length-scaled typo budget (see `typo.ts`).
 */
import { simplify } from '@npc/world';
import { isTypo, maxTypos } from './typo';
import { memoize } from './memo';

export { maxTypos, typoDistance, isTypo } from './typo';

export interface FuzzyEntry<T> {
  /** Normalised alias (lowercase words separated by single spaces). */
  readonly alias: string;
  readonly value: T;
}

export interface FuzzyHit<T> {
  readonly value: T;
  /** 0 for an exact alias match. */
  readonly distance: number;
}

export interface SpanHit<T> extends FuzzyHit<T> {
  /** First token index of the span. */
  readonly start: number;
  /** One past the last token index. */
  readonly end: number;
}

/** At most this many fuzzy lookups per scan, so that long garbage text stays cheap. */
export const FUZZY_LOOKUPS_PER_SCAN = 16;

export interface ScanOptions {
  /**
   * Tokens known to be ordinary words; a span made only of known words is matched exactly, never
   * fuzzily (so "make" never becomes "mage").
   */
  readonly isKnown?: (token: string) => boolean;
}

/** A precomputed index of aliases. */
export class FuzzyIndex<T> {
  private readonly exactMap = new Map<string, T>();
  /** Entries by first letter and length: typos rarely hit the first letter. */
  private readonly buckets = new Map<string, FuzzyEntry<T>[]>();
  private readonly fuzzyMemo = memoize(5_000, (query: string) => this.fuzzyUncached(query));
  /** Longest alias in words. */
  readonly maxWords: number;
  /** Every word of every alias. */
  readonly words: ReadonlySet<string>;
  private readonly firstWords = new Set<string>();

  constructor(entries: readonly FuzzyEntry<T>[]) {
    let maxWords = 1;
    const words = new Set<string>();
    for (const e of entries) {
      if (e.alias.length === 0) continue;
      if (!this.exactMap.has(e.alias)) this.exactMap.set(e.alias, e.value);
      const key = `${e.alias[0] ?? ''}${e.alias.length}`;
      const list = this.buckets.get(key) ?? [];
      list.push(e);
      this.buckets.set(key, list);
      const parts = e.alias.split(' ');
      for (const w of parts) words.add(w);
      this.firstWords.add(parts[0] ?? '');
      maxWords = Math.max(maxWords, parts.length);
    }
    this.maxWords = maxWords;
    this.words = words;
  }

  /** Exact alias lookup. */
  exact(alias: string): T | undefined {
    return this.exactMap.get(alias);
  }

  /** Best fuzzy match of a whole string (exact first), or undefined. */
  lookup(query: string): FuzzyHit<T> | undefined {
    const hit = this.exactMap.get(query);
    if (hit !== undefined) return { value: hit, distance: 0 };
    return this.fuzzy(query);
  }

  /**
   * Best fuzzy (non-exact) match within the typo budget, among aliases with the same first letter
   * (or with the first two letters swapped). Memoised.
   */
  fuzzy(query: string): FuzzyHit<T> | undefined {
    return this.fuzzyMemo(query);
  }

  private fuzzyUncached(query: string): FuzzyHit<T> | undefined {
    let best: FuzzyHit<T> | undefined;
    const budget = maxTypos(query.length);
    if (budget > 0) {
      const swapped = query.length > 1 ? `${query[1] ?? ''}${query[0] ?? ''}${query.slice(2)}` : query;
      for (const q of swapped === query ? [query] : [query, swapped]) {
        for (let len = q.length - budget; len <= q.length + budget; len++) {
          const list = this.buckets.get(`${q[0] ?? ''}${len}`);
          if (!list) continue;
          for (const e of list) {
            const d = isTypo(q, e.alias);
            const dd = d === undefined ? undefined : d + (q === query ? 0 : 1);
            if (dd !== undefined && dd <= budget && (best === undefined || dd < best.distance)) best = { value: e.value, distance: dd };
          }
        }
      }
    }
    return best;
  }

  /**
   * Finds non-overlapping mentions in a token list, longest spans first: exact matches everywhere,
   * then fuzzy matches on spans that contain at least one unknown word. Sorted by position.
   */
  scan(tokens: readonly string[], options: ScanOptions = {}): SpanHit<T>[] {
    const n = tokens.length;
    if (n === 0) return [];
    const used = new Uint8Array(n);
    const hits: SpanHit<T>[] = [];
    const free = (start: number, end: number): boolean => {
      for (let i = start; i < end; i++) if (used[i]) return false;
      return true;
    };
    const take = (start: number, end: number, hit: FuzzyHit<T>): void => {
      used.fill(1, start, end);
      hits.push({ ...hit, start, end });
    };
    // Exact, left to right, longest alias first at each position; only at words some alias starts with.
    for (let i = 0; i < n; i++) {
      const first = tokens[i];
      if (first === undefined || used[i] || !this.firstWords.has(first)) continue;
      for (let len = Math.min(this.maxWords, n - i); len >= 1; len--) {
        let key = first;
        for (let k = i + 1; k < i + len; k++) key += ` ${tokens[k] ?? ''}`;
        const value = this.exactMap.get(key);
        if (value !== undefined && free(i, i + len)) {
          take(i, i + len, { value, distance: 0 });
          break;
        }
      }
    }
    // Fuzzy: only spans holding an unknown word that no exact match took.
    const isKnown = options.isKnown;
    const unknown = new Uint8Array(n);
    let anyUnknown = false;
    for (let i = 0; i < n; i++) {
      const t = tokens[i] ?? '';
      if (!used[i] && (!isKnown || !isKnown(t)) && !/^[+\d]/.test(t)) {
        unknown[i] = 1;
        anyUnknown = true;
      }
    }
    if (!anyUnknown) return hits.sort((a, b) => a.start - b.start);
    let lookups = 0;
    for (let len = Math.min(this.maxWords, n); len >= 1 && lookups < FUZZY_LOOKUPS_PER_SCAN; len--) {
      for (let i = 0; i + len <= n; i++) {
        let hasUnknown = false;
        let numeric = false;
        for (let k = i; k < i + len; k++) {
          if (unknown[k]) hasUnknown = true;
          if (/^[+\d]/.test(tokens[k] ?? '')) numeric = true;
        }
        if (!hasUnknown || numeric || !free(i, i + len)) continue;
        if (++lookups > FUZZY_LOOKUPS_PER_SCAN) break;
        const hit = this.fuzzy(tokens.slice(i, i + len).join(' '));
        if (hit) take(i, i + len, hit);
      }
    }
    return hits.sort((a, b) => a.start - b.start);
  }
}

/** Normalises a free-form name (an NPC's shop item, warp destination, …) for matching: the world knowledge's own. */
export const simplifyName: (name: string) => string = simplify;

/**
 * Index of the best candidate for a query among a short list of names (an NPC's services):
 * equal after simplification, then the query's words all inside the name (or the name's inside
 * the query), then the smallest typo distance. -1 when nothing fits.
 */
export function pickByName(query: string, names: readonly string[]): number {
  const q = simplifyName(query);
  if (q.length === 0) return -1;
  const simple = names.map(simplifyName);
  const eq = simple.indexOf(q);
  if (eq >= 0) return eq;
  const qWords = q.split(' ');
  const contains = (hay: string, words: readonly string[]): boolean => {
    const hayWords = ` ${hay} `;
    return words.every((w) => hayWords.includes(` ${w} `) || hayWords.includes(` ${w}s `) || hayWords.includes(` ${w.replace(/s$/, '')} `));
  };
  const within = simple.findIndex((n) => contains(n, qWords));
  if (within >= 0) return within;
  const around = simple.findIndex((n) => n.length > 0 && contains(q, n.split(' ')));
  if (around >= 0) return around;
  let best = -1;
  let bestD = Infinity;
  simple.forEach((n, i) => {
    const d = isTypo(q, n);
    if (d !== undefined && d < bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

const listIndexCache = new Map<string, WeakMap<object, FuzzyIndex<number>>>();

/**
 * A cached index over the names of a list (an NPC's shop, warps, …), keyed by the list object and
 * a tag naming the field, whose values are list indexes. `aliases` turns one name into its aliases.
 */
export function listIndex<T>(
  list: readonly T[], tag: string, aliases: (item: T) => readonly string[],
): FuzzyIndex<number> {
  let byList = listIndexCache.get(tag);
  if (!byList) {
    byList = new WeakMap();
    listIndexCache.set(tag, byList);
  }
  let idx = byList.get(list);
  if (!idx) {
    idx = new FuzzyIndex(list.flatMap((item, i) => aliases(item).map((alias) => ({ alias, value: i }))));
    byList.set(list, idx);
  }
  return idx;
}
