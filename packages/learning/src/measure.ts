import { evaluate, type EvalReport } from '@npc/intent-model';
import type { LabelledLine } from './labelled';
import type { ProductClassifier, ProductPrediction } from './product-classifier';

/**
 * A classifier measured on labelled lines: the product (model + rules, as players get it, with its
 * confidence for calibration), the rules alone and the model alone, each overall and per language.
 */
export interface Measurement {
  lines: readonly LabelledLine[];
  predictions: ProductPrediction[];
  product: EvalReport;
  rules: EvalReport;
  /** Undefined without a model. */
  model?: EvalReport;
  /** Lines whose intent the model settled. */
  byModel: number;
}

export async function measure(classifier: ProductClassifier, lines: readonly LabelledLine[], modelConfident?: number): Promise<Measurement> {
  const predictions = await classifier.classify(lines.map((l) => l.text), modelConfident === undefined ? {} : { modelConfident });
  const pairs = (pick: (p: ProductPrediction) => { name: LabelledLine['intent']; confidence: number }) =>
    lines.map((l, i) => {
      const p = pick(predictions[i]!);
      return { expected: l.intent, predicted: p.name, lang: l.lang, confidence: p.confidence };
    });
  return {
    lines,
    predictions,
    product: evaluate(pairs((p) => p.intent)),
    rules: evaluate(pairs((p) => p.rules)),
    ...(classifier.model && { model: evaluate(pairs((p) => ({ name: p.model!.intent, confidence: p.model!.confidence }))) }),
    byModel: predictions.filter((p) => p.by === 'model').length,
  };
}

/** What the registry keeps of a measurement on a file. */
export const measurementMetrics = (m: Measurement) => {
  const brief = (r: EvalReport) => ({ accuracy: r.accuracy, correct: r.correct, total: r.total, perLanguage: r.perLanguage.map(({ lang, accuracy, correct, total }) => ({ lang, accuracy, correct, total })) });
  return { product: brief(m.product), rules: brief(m.rules), ...(m.model && { model: brief(m.model) }), byModel: m.byModel };
};
