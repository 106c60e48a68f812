/**
 * A pure function memoised in a bounded map keyed by a string: forgotten all at once when full
 * (cheaper than an LRU, and the hot inputs come straight back). For the hot path's repeated inputs:
 * player texts, catalogue lines, NPC service names, typed words. Results (undefined included) are
 * shared: callers must not mutate them.
 */
export interface Memo<A extends unknown[], V> {
  (...args: A): V;
  /** Forgets everything (benchmarks, tests). */
  clear(): void;
}

export function memoize<A extends unknown[], V>(max: number, fn: (...args: A) => V, keyOf: (...args: A) => string = (...args) => String(args[0])): Memo<A, V> {
  const cache = new Map<string, V>();
  const memo = ((...args: A): V => {
    const key = keyOf(...args);
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const v = fn(...args);
    if (cache.size >= max) cache.clear();
    cache.set(key, v);
    return v;
  }) as Memo<A, V>;
  memo.clear = () => cache.clear();
  return memo;
}
