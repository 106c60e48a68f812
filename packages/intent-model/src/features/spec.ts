/**
 * Feature extraction: the ONE place (this folder) both training and inference use, so the model
 * always sees the same features whichever side computes them. `spec.ts`: what a model was trained
 * with; `hashing.ts`: the hash and the gazetteer classes; `extract.ts`: texts → vectors;
 * `describe.ts`: all of it written out for other tools (docs/ml/features.md).
 *
 * A text is normalised by the rules package's `normalize()` (lowercase, slang expanded, keyword
 * typos corrected, numbers pulled out), then hashed (FNV-1a over char codes, finished with
 * murmur3's fmix32) into `dims` buckets with a sign bit (signed feature hashing) from:
 *
 * - char n-grams (`charMin`…`charMax`) of the normalised text with a space at each end (so word
 *   boundaries are part of the n-grams), digits folded to `0`;
 * - word n-grams up to `wordNgrams` of the normalised tokens, with begin/end markers for bigrams;
 * - gazetteer classes (a town, an item of some category, a job, a place) as tokens of their own,
 *   alone and in bigrams with their neighbours ("to <town>"), so a phrasing learnt with one town
 *   carries over to the others;
 * - a few shape features (question, "+N", a count, a zeny amount, length bucket).
 *
 * The vector is L2-normalised. No string is allocated per n-gram: hashes run over char codes.
 */

export interface FeatureSpec {
  /** Bumped whenever the extraction changes in a way that changes features. */
  version: number;
  /** Hash buckets (a power of two). */
  dims: number;
  charMin: number;
  charMax: number;
  /** Word n-grams up to this length (1 or 2). */
  wordNgrams: number;
  /** Gazetteer class features. */
  entities: boolean;
}

export const FEATURE_VERSION = 1;

export const FEATURE_SPEC: FeatureSpec = Object.freeze({
  version: FEATURE_VERSION,
  dims: 1 << 14,
  charMin: 2,
  charMax: 5,
  wordNgrams: 2,
  entities: true,
});

/** Validates a spec read from a model file; throws on one this code cannot reproduce. */
export function checkSpec(spec: unknown): FeatureSpec {
  const s = spec as Partial<FeatureSpec> | null;
  if (!s || typeof s !== 'object') throw new Error('feature spec: not an object');
  if (s.version !== FEATURE_VERSION) throw new Error(`feature spec: version ${String(s.version)} unsupported (this code: ${FEATURE_VERSION})`);
  const dims = s.dims;
  if (typeof dims !== 'number' || dims < 2 || dims > 1 << 24 || (dims & (dims - 1)) !== 0) throw new Error('feature spec: dims must be a power of two');
  const int = (v: unknown, lo: number, hi: number, name: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`feature spec: bad ${name}`);
    return v;
  };
  const charMin = int(s.charMin, 1, 8, 'charMin');
  const charMax = int(s.charMax, charMin, 8, 'charMax');
  const wordNgrams = int(s.wordNgrams, 0, 2, 'wordNgrams');
  return { version: FEATURE_VERSION, dims, charMin, charMax, wordNgrams, entities: s.entities === true };
}
