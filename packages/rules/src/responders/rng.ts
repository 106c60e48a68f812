/** Small deterministic randomness for wording: FNV-1a of the seed feeds a mulberry32 generator (@npc/contracts). */
import { fnv1a, mulberry32 } from '@npc/contracts';

export { fnv1a };

/** A seeded generator of numbers in [0, 1). */
export class Rng {
  readonly next: () => number;

  constructor(seed: string) {
    this.next = mulberry32(fnv1a(seed) || 0x9e3779b9);
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly [T, ...T[]]): T {
    return xs[Math.floor(this.next() * xs.length)] ?? xs[0];
  }
}
