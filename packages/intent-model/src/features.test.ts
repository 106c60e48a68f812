import { describe, expect, it } from 'vitest';
import { FEATURE_SPEC, checkSpec, extractFeatures, fillDense, fillDenseZeroed, type FeatureSpec } from './features';

const TEXTS = ['wtb 10 red pots plz', 'WARP ME TO GEFFEN!!', 'how much is a blue potion?', '+7 my sword', '', '...', 'i want to be a mage', 'asdfgh'];

describe('features', () => {
  it('are deterministic, sorted, unique and L2-normalised', () => {
    for (const t of TEXTS) {
      const a = extractFeatures(t);
      const b = extractFeatures(t);
      expect([...a.indices]).toEqual([...b.indices]);
      expect([...a.values]).toEqual([...b.values]);
      for (let i = 1; i < a.indices.length; i++) expect(a.indices[i]!).toBeGreaterThan(a.indices[i - 1]!);
      for (const i of a.indices) expect(i).toBeGreaterThanOrEqual(0), expect(i).toBeLessThan(FEATURE_SPEC.dims);
      const norm = Math.sqrt(a.values.reduce((s, v) => s + v * v, 0));
      if (a.values.length > 0) expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('fillDense writes exactly the sparse features (the ONNX input equals the training input)', () => {
    const dense = fillDense(TEXTS, FEATURE_SPEC);
    expect(dense.length).toBe(TEXTS.length * FEATURE_SPEC.dims);
    TEXTS.forEach((t, r) => {
      const row = dense.subarray(r * FEATURE_SPEC.dims, (r + 1) * FEATURE_SPEC.dims);
      const sparse = extractFeatures(t);
      const expected = new Float32Array(FEATURE_SPEC.dims);
      sparse.indices.forEach((idx, j) => (expected[idx] = sparse.values[j]!));
      expect(row).toEqual(expected);
    });
  });

  it('fillDense zeroes a reused buffer; fillDenseZeroed reports what it touched', () => {
    const buf = new Float32Array(2 * FEATURE_SPEC.dims).fill(3);
    const a = fillDense(['hello', 'bye'], FEATURE_SPEC, buf);
    expect(a).toBe(buf);
    expect(a).toEqual(fillDense(['hello', 'bye'], FEATURE_SPEC));
    const zero = new Float32Array(2 * FEATURE_SPEC.dims);
    const touched = [new Int32Array(4)];
    const n = fillDenseZeroed(['hello', 'bye'], FEATURE_SPEC, zero, touched);
    expect(zero).toEqual(a);
    for (let j = 0; j < n; j++) zero[touched[0]![j]!] = 0;
    expect(zero.every((v) => v === 0)).toBe(true);
  });

  it('share n-grams between a word and its typo, and classes between towns', () => {
    const overlap = (x: string, y: string): number => {
      const a = new Set(extractFeatures(x).indices);
      return [...extractFeatures(y).indices].filter((i) => a.has(i)).length;
    };
    expect(overlap('warp me to geffen', 'warp me to payon')).toBeGreaterThan(overlap('warp me to geffen', 'how much is it'));
    expect(overlap('refine my sword', 'refnie my sword')).toBeGreaterThan(10);
  });

  it('honours a smaller spec and rejects specs it cannot reproduce', () => {
    const spec: FeatureSpec = { ...FEATURE_SPEC, dims: 1 << 10, wordNgrams: 1, entities: false };
    const f = extractFeatures('warp me to geffen', spec);
    expect(Math.max(...f.indices)).toBeLessThan(1 << 10);
    expect(checkSpec(JSON.parse(JSON.stringify(FEATURE_SPEC)))).toEqual(FEATURE_SPEC);
    expect(() => checkSpec({ ...FEATURE_SPEC, version: 99 })).toThrow(/version/);
    expect(() => checkSpec({ ...FEATURE_SPEC, dims: 1000 })).toThrow(/power of two/);
  });
});
