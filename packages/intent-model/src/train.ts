/**
 * Softmax regression over the hashed sparse features, trained by per-example SGD with AdaGrad step
 * sizes and L2 (applied to the weights an example touches). Deterministic from the seed.
 * `predict()` is the pure-TS forward pass: the reference the ONNX model must match.
 */
import { INTENTS, type Intent } from '@npc/contracts';
import type { LabelledText } from './corpus';
import { FEATURE_SPEC, extractFeatures, type FeatureSpec } from './features';
import { fnv1a } from './rng';

export interface TrainProgress {
  epoch: number;
  epochs: number;
  loss: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  onProgress?: (p: TrainProgress) => void;
  spec?: FeatureSpec;
  /** Per-example weight (same order as the examples); default 1. */
  weights?: readonly number[];
  /** Labels of the model, in output order; default all `INTENTS`. */
  labels?: readonly Intent[];
}

export interface TrainedModel {
  spec: FeatureSpec;
  labels: Intent[];
  /** dims × labels.length, row-major [dim][label]. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface IntentPrediction {
  intent: Intent;
  confidence: number;
}

export const DEFAULT_TRAIN = { epochs: 10, learningRate: 0.4, l2: 1e-6, seed: 7 } as const;

export function train(examples: readonly LabelledText[], opts: TrainOptions = {}): TrainedModel {
  const spec = opts.spec ?? FEATURE_SPEC;
  const labels = [...(opts.labels ?? INTENTS)];
  const L = labels.length;
  const labelIndex = new Map<Intent, number>(labels.map((l, i) => [l, i]));
  const epochs = opts.epochs ?? DEFAULT_TRAIN.epochs;
  const lr = opts.learningRate ?? DEFAULT_TRAIN.learningRate;
  const l2 = opts.l2 ?? DEFAULT_TRAIN.l2;
  const seed = opts.seed ?? DEFAULT_TRAIN.seed;
  if (opts.weights && opts.weights.length !== examples.length) throw new Error('train: weights must have one entry per example');

  // Features once, flattened.
  const rows: number[] = [];
  const offsets: number[] = [0];
  const idxParts: Int32Array[] = [];
  const valParts: Float32Array[] = [];
  let nnz = 0;
  examples.forEach((e, i) => {
    const y = labelIndex.get(e.intent);
    if (y === undefined) return;
    const f = extractFeatures(e.text, spec);
    idxParts.push(f.indices);
    valParts.push(f.values);
    nnz += f.indices.length;
    offsets.push(nnz);
    rows.push(i);
  });
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  for (let r = 0, o = 0; r < idxParts.length; r++) {
    idx.set(idxParts[r]!, o);
    val.set(valParts[r]!, o);
    o += idxParts[r]!.length;
  }
  const ys = new Int32Array(rows.map((i) => labelIndex.get(examples[i]!.intent)!));
  const ws = new Float64Array(rows.map((i) => opts.weights?.[i] ?? 1));

  const W = new Float64Array(spec.dims * L);
  const B = new Float64Array(L);
  const GW = new Float64Array(spec.dims * L).fill(1e-8);
  const GB = new Float64Array(L).fill(1e-8);
  const z = new Float64Array(L);
  const order = Array.from({ length: rows.length }, (_, i) => i);
  const texts = rows.map((i) => examples[i]!.text);

  for (let epoch = 1; epoch <= epochs; epoch++) {
    // A shuffle keyed by each text (and the epoch and seed), not by position: adding a few learnt
    // examples only slots them in, every other example keeps its place in the order, so a retrain
    // on a little more data changes the model only where the new data does — which is what makes
    // "better on the held-out split" a comparison of data, not of random training paths.
    const keys = texts.map((t) => fnv1a(`${seed}:${epoch}:${t}`));
    order.sort((x, y) => keys[x]! - keys[y]! || x - y);
    let loss = 0;
    let wsum = 0;
    for (const r of order) {
      const a = offsets[r]!;
      const b = offsets[r + 1]!;
      for (let l = 0; l < L; l++) z[l] = B[l]!;
      for (let j = a; j < b; j++) {
        const base = idx[j]! * L;
        const v = val[j]!;
        for (let l = 0; l < L; l++) z[l] = z[l]! + v * W[base + l]!;
      }
      let max = -Infinity;
      for (let l = 0; l < L; l++) if (z[l]! > max) max = z[l]!;
      let sum = 0;
      for (let l = 0; l < L; l++) {
        const e = Math.exp(z[l]! - max);
        z[l] = e;
        sum += e;
      }
      const y = ys[r]!;
      const w = ws[r]!;
      loss += -w * Math.log(Math.max(z[y]! / sum, 1e-12));
      wsum += w;
      // z ← weighted gradient of the loss wrt the logits.
      for (let l = 0; l < L; l++) z[l] = w * (z[l]! / sum - (l === y ? 1 : 0));
      for (let l = 0; l < L; l++) {
        const g = z[l]!;
        GB[l] = GB[l]! + g * g;
        B[l] = B[l]! - (lr * g) / Math.sqrt(GB[l]!);
      }
      for (let j = a; j < b; j++) {
        const base = idx[j]! * L;
        const v = val[j]!;
        for (let l = 0; l < L; l++) {
          const p = base + l;
          const g = z[l]! * v + l2 * W[p]!;
          if (g === 0) continue;
          GW[p] = GW[p]! + g * g;
          W[p] = W[p]! - (lr * g) / Math.sqrt(GW[p]!);
        }
      }
    }
    opts.onProgress?.({ epoch, epochs, loss: wsum > 0 ? loss / wsum : 0 });
  }
  return { spec: { ...spec }, labels, weights: Float32Array.from(W), bias: Float32Array.from(B) };
}

/** Class probabilities for one text (pure TS; float64 accumulation over the float32 weights). */
export function probabilities(model: TrainedModel, text: string): Float32Array {
  const L = model.labels.length;
  const f = extractFeatures(text, model.spec);
  const z = new Float64Array(L);
  for (let l = 0; l < L; l++) z[l] = model.bias[l]!;
  for (let j = 0; j < f.indices.length; j++) {
    const base = f.indices[j]! * L;
    const v = f.values[j]!;
    for (let l = 0; l < L; l++) z[l] = z[l]! + v * model.weights[base + l]!;
  }
  let max = -Infinity;
  for (let l = 0; l < L; l++) if (z[l]! > max) max = z[l]!;
  let sum = 0;
  for (let l = 0; l < L; l++) {
    z[l] = Math.exp(z[l]! - max);
    sum += z[l]!;
  }
  const p = new Float32Array(L);
  for (let l = 0; l < L; l++) p[l] = z[l]! / sum;
  return p;
}

/** The best label of a probability row (first on ties). */
export function argmax(p: ArrayLike<number>, from = 0, len = p.length): number {
  let best = 0;
  for (let l = 1; l < len; l++) if (p[from + l]! > p[from + best]!) best = l;
  return best;
}

/** The model's intent and confidence for one text (the parity reference for the ONNX session). */
export function predict(model: TrainedModel, text: string): IntentPrediction {
  const p = probabilities(model, text);
  const k = argmax(p);
  return { intent: model.labels[k]!, confidence: p[k]! };
}
