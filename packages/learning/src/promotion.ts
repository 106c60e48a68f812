import { evaluate, IntentClassifier, type EvalReport } from '@npc/intent-model';
import type { TrainingExample } from './training-set';

/**
 * The promotion gate: a candidate and the promoted model are measured on the same held-out split
 * (both loaded through ONNX Runtime on the CPU, as inference would), and the candidate replaces
 * the promoted model only when `beats` says so.
 */

/** A model's held-out report plus its *confident* accuracy: right and at least `confident` sure (what the product acts on). */
export type HeldOutReport = EvalReport & { confidentAccuracy: number };

export async function heldOutReport(bytes: Uint8Array, heldOut: readonly Pick<TrainingExample, 'text' | 'intent' | 'language'>[], confident: number): Promise<HeldOutReport> {
  const classifier = await IntentClassifier.load(bytes, { device: 'cpu' });
  try {
    const predictions = await classifier.classifyBatch(heldOut.map((e) => e.text));
    const report = evaluate(heldOut.map((e, i) => ({ expected: e.intent, predicted: predictions[i]!.intent, lang: e.language, confidence: predictions[i]!.confidence })));
    const sure = heldOut.filter((e, i) => predictions[i]!.intent === e.intent && predictions[i]!.confidence >= confident).length;
    return { ...report, confidentAccuracy: heldOut.length ? sure / heldOut.length : 0 };
  } finally {
    await classifier.release();
  }
}

/**
 * Promote when strictly more accurate; at equal accuracy, when more of the held-out split is
 * classified right *confidently* (a retrain that makes a learnt phrasing sure, where the old model
 * only guessed it, moves it from the LLM to the model). Deterministic: the same data gives the same
 * model, which never beats itself.
 */
type GateScores = Pick<HeldOutReport, 'accuracy' | 'confidentAccuracy'>;

export function beats(candidate: GateScores, baseline: GateScores): boolean {
  if (candidate.accuracy !== baseline.accuracy) return candidate.accuracy > baseline.accuracy;
  return candidate.confidentAccuracy > baseline.confidentAccuracy;
}

