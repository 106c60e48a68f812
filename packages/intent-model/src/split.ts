/**
 * Held-out split by a hash of the normalised text: the same text (or two texts that normalise the
 * same) always lands on the same side, whatever the order or the rest of the corpus.
 */
import { normalize } from '@npc/rules';
import { fnv1a } from './rng';

export function splitHeldOut<T extends { text: string }>(examples: readonly T[], fraction = 0.2): { train: T[]; heldOut: T[] } {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`splitHeldOut: fraction ${fraction} not in [0, 1]`);
  const train: T[] = [];
  const heldOut: T[] = [];
  const cut = fraction * 4294967296;
  for (const e of examples) {
    // fmix-style avalanche so nearby hashes do not cluster on one side.
    let h = fnv1a(normalize(e.text).text);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    ((h >>> 0) < cut ? heldOut : train).push(e);
  }
  return { train, heldOut };
}
