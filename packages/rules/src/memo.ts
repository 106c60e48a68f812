/**
 * A pure function of a string, memoised in a bounded map: forgotten all at once when full (cheaper
 * than an LRU, and the hot inputs come straight back). For the hot path's repeated strings: player
 * texts, catalogue lines, NPC service names. Results are shared: callers must not mutate them.
 */
export interface StringMemo<V> {
  (input: string): V;
  /** Forgets everything (benchmarks, tests). */
  clear(): void;
}

export function memoByString<V>(max: number, fn: (input: string) => V): StringMemo<V> {
  const cache = new Map<string, V>();
  const memo = ((input: string): V => {
    const hit = cache.get(input);
    if (hit !== undefined) return hit;
    const v = fn(input);
    if (cache.size >= max) cache.clear();
    cache.set(input, v);
    return v;
  }) as StringMemo<V>;
  memo.clear = () => cache.clear();
  return memo;
}
