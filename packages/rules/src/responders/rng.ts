/** Small deterministic randomness for wording: FNV-1a of the seed feeds a mulberry32 generator. */

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator of numbers in [0, 1). */
export class Rng {
  private state: number;

  constructor(seed: string) {
    this.state = fnv1a(seed) || 0x9e3779b9;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly [T, ...T[]]): T {
    return xs[Math.floor(this.next() * xs.length)] ?? xs[0];
  }
}
