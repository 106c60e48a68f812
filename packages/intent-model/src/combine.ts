/**
 * The product's intent: the rules recognizer and the model together.
 *
 * Policy (chosen on the generated held-out split and the rules package's own phrasing corpus,
 * never on the evaluation set):
 * 1. no model answer → the rules;
 * 2. a rules `unknown` at confidence ≥ 0.9 is the rules' prompt-injection verdict → kept;
 * 3. both agree → that intent, with the higher confidence;
 * 4. the rules name an intent with confidence ≥ `rulesConfident` (default 0.9) → the rules;
 * 5. otherwise (rules unsure or `unknown`) the model when its confidence ≥ `modelConfident`
 *    (default 0.8), else the rules' guess.
 *
 * Measured (model trained on the generated corpus, seed 1): generated held-out split — rules 88.7 %,
 * model 98.9 %, this policy 98.8 %; the rules package's phrasing corpus — rules 100 %, model 99.4 %,
 * this policy 99.9 %. A lower `rulesConfident` (0.75) lost 0.7 points on the held-out split.
 */
import type { IntentGuess } from '@npc/contracts';
import type { IntentPrediction } from './train';

export interface CombineOptions {
  /** Model confidence needed to override unsure rules (default 0.8). */
  modelConfident?: number;
  /** Rules confidence at which the rules win a disagreement (default 0.9). */
  rulesConfident?: number;
}

export const INJECTION_CONFIDENCE = 0.9;

export function combineIntents(rules: IntentGuess, model: IntentPrediction | undefined, opts: CombineOptions = {}): { intent: IntentGuess; by: 'model' | 'rules' } {
  const modelConfident = opts.modelConfident ?? 0.8;
  const rulesConfident = opts.rulesConfident ?? 0.9;
  if (!model) return { intent: { ...rules }, by: 'rules' };
  if (rules.name === 'unknown' && rules.confidence >= INJECTION_CONFIDENCE) return { intent: { ...rules }, by: 'rules' };
  if (model.intent === rules.name) return { intent: { name: rules.name, confidence: Math.max(rules.confidence, model.confidence) }, by: 'rules' };
  if (rules.name !== 'unknown' && rules.confidence >= rulesConfident) return { intent: { ...rules }, by: 'rules' };
  if (model.confidence >= modelConfident) return { intent: { name: model.intent, confidence: clamp01(model.confidence) }, by: 'model' };
  return { intent: { ...rules }, by: 'rules' };
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
