/**
 * Texts → feature vectors: char and word n-grams, gazetteer classes and shape features of the
 * normalised text, hashed (hashing.ts) into `dims` signed buckets, L2-normalised. No string is
 * allocated per n-gram: hashes run over char codes.
 */
import { normalize } from '@npc/rules';
import { BIGRAM_TAG, BOS, CHAR_BASIS, ENTITY_CLASS, ENTITY_TAG, EOS, FNV_PRIME, MULTI_FIRST, SHAPE_TAG, WORD_BASIS, fmix, fold, hashToken } from './hashing';
import { FEATURE_SPEC, type FeatureSpec } from './spec';

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
