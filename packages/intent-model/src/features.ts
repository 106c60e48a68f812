/**
 * Feature extraction: the ONE module both training and inference use, so the model always sees
 * the same features whichever side computes them.
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
import { ITEMS, JOBS, PLACES, TOWNS, normalize, normalizeEnglish } from '@npc/rules';

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

// ── hashing ─────────────────────────────────────────────────────────────────────────────────────

const FNV_PRIME = 16777619;
const CHAR_BASIS = 0x811c9dc5 | 0;
const WORD_BASIS = 0x2f3a9c17 | 0;
const BIGRAM_TAG = 0x5bd1e995 | 0;
const ENTITY_TAG = 0x1b873593 | 0;
const SHAPE_TAG = 0x68e31da4 | 0;

function fmix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Digits fold to '0' ("10 red pots" ~ "20 red pots"). */
const fold = (c: number): number => (c >= 49 && c <= 57 ? 48 : c);

function hashToken(tok: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < tok.length; i++) h = Math.imul(h ^ fold(tok.charCodeAt(i)), FNV_PRIME);
  return h;
}

const BOS = hashToken('\u0002', WORD_BASIS);
const EOS = hashToken('\u0003', WORD_BASIS);

// ── gazetteer classes ───────────────────────────────────────────────────────────────────────────

/** Normalised alias → class hash; multi-word aliases are also indexed by their first word. */
const ENTITY_CLASS = new Map<string, number>();
const MULTI_FIRST = new Map<string, number>(); // first word → longest alias length in words
(() => {
  const add = (alias: string, cls: string): void => {
    // Game names are the game's in every language: never translated (`normalizeEnglish`).
    const text = normalizeEnglish(alias).text;
    if (text.length === 0 || ENTITY_CLASS.has(text)) return;
    ENTITY_CLASS.set(text, hashToken(`<${cls}>`, WORD_BASIS));
    const words = text.split(' ');
    if (words.length > 1) MULTI_FIRST.set(words[0]!, Math.max(MULTI_FIRST.get(words[0]!) ?? 0, words.length));
  };
  for (const t of TOWNS) for (const a of [t.name, ...t.aliases]) add(a.toLowerCase(), t.kind === 'town' ? 'town' : t.kind);
  for (const i of ITEMS) for (const a of [i.name, ...i.aliases]) add(a.toLowerCase(), `item_${i.category}`);
  for (const j of JOBS) for (const a of [j.name, ...j.aliases]) add(a.toLowerCase(), 'job');
  for (const p of PLACES) for (const a of p.aliases) add(a.toLowerCase(), 'place');
})();

// ── the spec, written out for other tools ───────────────────────────────────────────────────────

/** Shape features, in the order `forEachFeature` emits them (id → when it fires). */
export const SHAPE_FEATURES = {
  1: 'always, combined with the length bucket of the token count: ^ bucket (0–3: the count; 4: 4–5; 5: 6–8; 6: 9–14; 7: more)',
  2: 'question: a "?" or a leading question word',
  3: 'refine: a "+N" refine level',
  4: 'amount: a plain count ("10 red pots")',
  5: 'zeny: an amount of money ("10k", "500z")',
  6: 'empty: no tokens at all',
} as const;

/** The shape flags of a text (ids 2–6 of SHAPE_FEATURES that fire), as exported with each row. */
export function shapeFlags(text: string): ('question' | 'refine' | 'amount' | 'zeny' | 'empty')[] {
  const n = normalize(text);
  const flags: ('question' | 'refine' | 'amount' | 'zeny' | 'empty')[] = [];
  if (n.question) flags.push('question');
  if (n.refineLevel !== undefined) flags.push('refine');
  if (n.amount !== undefined) flags.push('amount');
  if (n.numbers.some((x) => x.kind === 'zeny')) flags.push('zeny');
  if (n.tokens.length === 0) flags.push('empty');
  return flags;
}

/**
 * Everything another tool needs to compute the features of a normalised text exactly as this
 * module does (docs/ml/features.md explains each step): the spec, the hash constants (unsigned
 * 32-bit) and the gazetteer (normalised alias → class). Normalisation itself is the rules
 * package's; exports carry each text's normalised form and shape flags.
 */
export function describeFeatures(spec: FeatureSpec = FEATURE_SPEC): Record<string, unknown> {
  const classes = new Map<number, string>();
  const gazetteer: Record<string, string> = {};
  const addClass = (cls: string) => classes.set(hashToken(`<${cls}>`, WORD_BASIS), cls);
  for (const t of TOWNS) addClass(t.kind === 'town' ? 'town' : t.kind);
  for (const i of ITEMS) addClass(`item_${i.category}`);
  addClass('job');
  addClass('place');
  for (const [alias, h] of ENTITY_CLASS) gazetteer[alias] = classes.get(h)!;
  const u = (x: number) => x >>> 0;
  return {
    featureVersion: spec.version,
    spec: { ...spec },
    hashing: {
      fnvPrime: FNV_PRIME,
      charBasis: u(CHAR_BASIS),
      wordBasis: u(WORD_BASIS),
      bigramTag: u(BIGRAM_TAG),
      entityTag: u(ENTITY_TAG),
      shapeTag: u(SHAPE_TAG),
      beginToken: '\u0002',
      endToken: '\u0003',
      digitFold: 'the digits 1–9 hash as 0',
      finalizer: 'murmur3 fmix32',
      index: 'fmix32(h) & (dims − 1)',
      sign: 'bit 31 of fmix32(h): set → −1, clear → +1',
    },
    shape: SHAPE_FEATURES,
    gazetteer,
    normalisation: 'normalize() of @npc/rules (lowercase, accents, slang, typos, numbers); each exported row has its result (`normalized`) and shape flags',
    vector: 'the signed counts per index, L2-normalised',
  };
}

// ── extraction core ─────────────────────────────────────────────────────────────────────────────

/** Receives one hashed feature. */
type Emit = (h: number) => void;

/** Scratch for the collapsed (entity) sequence; grown on demand. */
let seqScratch = new Int32Array(64);
let seqIsEntity = new Uint8Array(64);
let wordScratch = new Int32Array(64);

function lengthBucket(n: number): number {
  return n <= 3 ? n : n <= 5 ? 4 : n <= 8 ? 5 : n <= 14 ? 6 : 7;
}

/** Calls `emit` with the raw 32-bit hash of every feature of `text` (duplicates included). */
function forEachFeature(text: string, spec: FeatureSpec, emit: Emit): void {
  const n = normalize(text);
  const s = n.text;
  const tokens = n.tokens;

  // Char n-grams over " text ", boundaries included.
  if (spec.charMax > 0 && s.length > 0) {
    const len = s.length + 2;
    const code = (i: number): number => (i === 0 || i === len - 1 ? 32 : fold(s.charCodeAt(i - 1)));
    for (let i = 0; i < len; i++) {
      let h = CHAR_BASIS;
      const maxK = Math.min(spec.charMax, len - i);
      for (let k = 0; k < maxK; k++) {
        h = Math.imul(h ^ code(i + k), FNV_PRIME);
        if (k + 1 >= spec.charMin) emit(h);
      }
    }
  }

  const nt = tokens.length;
  if (wordScratch.length < nt + 2) {
    wordScratch = new Int32Array(nt * 2 + 2);
    seqScratch = new Int32Array(nt * 2 + 2);
    seqIsEntity = new Uint8Array(nt * 2 + 2);
  }
  for (let i = 0; i < nt; i++) wordScratch[i] = hashToken(tokens[i]!, WORD_BASIS);

  if (spec.wordNgrams >= 1) for (let i = 0; i < nt; i++) emit(wordScratch[i]!);
  if (spec.wordNgrams >= 2 && nt > 0) {
    let prev = BOS;
    for (let i = 0; i <= nt; i++) {
      const cur = i < nt ? wordScratch[i]! : EOS;
      emit(Math.imul(prev ^ BIGRAM_TAG, FNV_PRIME) ^ cur);
      prev = cur;
    }
  }

  if (spec.entities && nt > 0) {
    // Collapse gazetteer spans to class tokens; emit the classes and the bigrams touching them.
    let m = 0;
    let any = false;
    for (let i = 0; i < nt; ) {
      const tok = tokens[i]!;
      let cls: number | undefined;
      let span = 1;
      const longest = MULTI_FIRST.get(tok);
      if (longest !== undefined) {
        for (let w = Math.min(longest, nt - i); w >= 2 && cls === undefined; w--) {
          let joined = tok;
          for (let j = 1; j < w; j++) joined += ` ${tokens[i + j]!}`;
          cls = ENTITY_CLASS.get(joined);
          if (cls !== undefined) span = w;
        }
      }
      if (cls === undefined && tok.length >= 2) cls = ENTITY_CLASS.get(tok);
      if (cls !== undefined) {
        seqScratch[m] = cls;
        seqIsEntity[m] = 1;
        any = true;
        emit(cls ^ ENTITY_TAG);
      } else {
        seqScratch[m] = wordScratch[i]!;
        seqIsEntity[m] = 0;
      }
      m++;
      i += span;
    }
    if (any) {
      let prev = BOS;
      let prevEnt = 0;
      for (let i = 0; i <= m; i++) {
        const cur = i < m ? seqScratch[i]! : EOS;
        const curEnt = i < m ? seqIsEntity[i]! : 0;
        if (prevEnt === 1 || curEnt === 1) emit((Math.imul(prev ^ BIGRAM_TAG, FNV_PRIME) ^ cur) ^ ENTITY_TAG);
        prev = cur;
        prevEnt = curEnt;
      }
    }
  }

  // Shape.
  emit(Math.imul(SHAPE_TAG ^ 1, FNV_PRIME) ^ lengthBucket(nt));
  if (n.question) emit(Math.imul(SHAPE_TAG ^ 2, FNV_PRIME));
  if (n.refineLevel !== undefined) emit(Math.imul(SHAPE_TAG ^ 3, FNV_PRIME));
  if (n.amount !== undefined) emit(Math.imul(SHAPE_TAG ^ 4, FNV_PRIME));
  if (n.numbers.some((x) => x.kind === 'zeny')) emit(Math.imul(SHAPE_TAG ^ 5, FNV_PRIME));
  if (nt === 0) emit(Math.imul(SHAPE_TAG ^ 6, FNV_PRIME));
}

/**
 * Accumulates the features of `text` into `row` at `rowOffset` (zeros there on entry),
 * L2-normalises them, and leaves the touched positions in `touched[0]` and their count in `count[0]`.
 */
function accumulate(text: string, spec: FeatureSpec, row: Float32Array, rowOffset: number, touched: Int32Array[], count: number[]): void {
  const mask = spec.dims - 1;
  let list = touched[0]!;
  let k = 0;
  let cancelled = false;
  forEachFeature(text, spec, (raw) => {
    const h = fmix(raw);
    const idx = h & mask;
    const v = h < 0 ? -1 : 1;
    const p = rowOffset + idx;
    const before = row[p]!;
    if (before === 0) {
      if (k === list.length) {
        const grown = new Int32Array(list.length * 2);
        grown.set(list);
        list = grown;
        touched[0] = list;
      }
      list[k++] = idx;
    }
    row[p] = before + v;
    if (before + v === 0) cancelled = true;
  });
  // A position summed back to 0 may be listed twice: dedupe while computing the norm.
  let sq = 0;
  let w = 0;
  for (let j = 0; j < k; j++) {
    const idx = list[j]!;
    const v = row[rowOffset + idx]!;
    if (v === 0) continue;
    sq += v * v;
    list[w++] = idx;
  }
  // Remove duplicates (rare: only after a cancellation to 0 and a later hit, which lists the
  // position again even when it ends non-zero, so `w === k` does not rule them out).
  if (w !== k || cancelled) {
    const seen = new Set<number>();
    let u = 0;
    sq = 0;
    for (let j = 0; j < w; j++) {
      const idx = list[j]!;
      if (seen.has(idx)) continue;
      seen.add(idx);
      const v = row[rowOffset + idx]!;
      sq += v * v;
      list[u++] = idx;
    }
    w = u;
  }
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let j = 0; j < w; j++) {
    const p = rowOffset + list[j]!;
    row[p] = row[p]! * inv;
  }
  count[0] = w;
}

let denseScratch = new Float32Array(FEATURE_SPEC.dims);
const touchedScratch: Int32Array[] = [new Int32Array(512)];
const countScratch = [0];

/** The sparse feature vector of one text (indices ascending, values L2-normalised). */
export function extractFeatures(text: string, spec: FeatureSpec = FEATURE_SPEC): { indices: Int32Array; values: Float32Array } {
  if (denseScratch.length < spec.dims) denseScratch = new Float32Array(spec.dims);
  accumulate(text, spec, denseScratch, 0, touchedScratch, countScratch);
  const k = countScratch[0]!;
  const indices = touchedScratch[0]!.slice(0, k).sort();
  const values = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    const idx = indices[j]!;
    values[j] = denseScratch[idx]!;
    denseScratch[idx] = 0;
  }
  return { indices, values };
}

/**
 * Writes the dense features of `texts` into `out` ([texts.length * dims], row-major) and returns
 * it. `out` is zeroed first over the rows written.
 */
export function fillDense(texts: readonly string[], spec: FeatureSpec, out?: Float32Array): Float32Array {
  const need = texts.length * spec.dims;
  let buf = out;
  if (buf === undefined) buf = new Float32Array(need);
  else {
    if (buf.length < need) throw new Error(`fillDense: out holds ${buf.length} floats, ${need} needed`);
    buf.fill(0, 0, need);
  }
  fillDenseZeroed(texts, spec, buf);
  return buf;
}

/**
 * Like `fillDense` but `out` must already be zero over the rows written; returns the touched
 * positions (absolute offsets) so the caller can re-zero just those afterwards.
 */
export function fillDenseZeroed(texts: readonly string[], spec: FeatureSpec, out: Float32Array, touchedOut?: Int32Array[]): number {
  let total = 0;
  for (let r = 0; r < texts.length; r++) {
    const offset = r * spec.dims;
    accumulate(texts[r]!, spec, out, offset, touchedScratch, countScratch);
    const k = countScratch[0]!;
    if (touchedOut) {
      let list = touchedOut[0]!;
      if (list.length < total + k) {
        const grown = new Int32Array(Math.max(list.length * 2, total + k));
        grown.set(list.subarray(0, total));
        list = grown;
        touchedOut[0] = list;
      }
      const src = touchedScratch[0]!;
      for (let j = 0; j < k; j++) list[total + j] = offset + src[j]!;
    }
    total += k;
  }
  return total;
}
