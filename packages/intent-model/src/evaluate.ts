/**
 * Evaluation of (expected, predicted) pairs: accuracy, per-intent precision/recall, the confusion
 * matrix and its top confusions, the same per language, and — when the pairs carry the
 * prediction's confidence — calibration (confidence vs accuracy in ten bins, and the expected
 * calibration error).
 */
import { INTENTS, type Intent } from '@npc/contracts';

/** The language of a pair without one (evaluation files: a line with no `lang`). */
export const DEFAULT_LANGUAGE = 'en';

export interface EvalPair {
  expected: Intent;
  predicted: Intent;
  /** ISO 639-1 code; default `en`. */
  lang?: string;
  /** The prediction's confidence (0–1), for calibration. */
  confidence?: number;
}

export interface IntentScore {
  intent: Intent;
  precision: number;
  recall: number;
  support: number;
}

export interface Scores {
  total: number;
  correct: number;
  accuracy: number;
  perIntent: IntentScore[];
}

export interface LanguageReport extends Scores {
  lang: string;
}

export interface CalibrationBin {
  /** Confidence range [from, to) (the last bin includes 1). */
  from: number;
  to: number;
  count: number;
  /** Mean confidence and accuracy of the predictions in the bin (0 when empty). */
  confidence: number;
  accuracy: number;
}

export interface EvalReport extends Scores {
  confusions: { expected: Intent; predicted: Intent; count: number }[];
  /** Intents that were expected or predicted (INTENTS order); `counts[expected][predicted]`. */
  matrix: { labels: Intent[]; counts: number[][] };
  /** One per language present, `en` first, then alphabetical. */
  perLanguage: LanguageReport[];
  /** Present when every pair had a confidence. */
  calibration?: { bins: CalibrationBin[]; ece: number };
}

const CALIBRATION_BINS = 10;

function score(pairs: readonly EvalPair[]): Scores {
  const support = new Map<Intent, number>();
  const predictedN = new Map<Intent, number>();
  const hits = new Map<Intent, number>();
  let correct = 0;
  for (const { expected, predicted } of pairs) {
    support.set(expected, (support.get(expected) ?? 0) + 1);
    predictedN.set(predicted, (predictedN.get(predicted) ?? 0) + 1);
    if (expected === predicted) {
      correct++;
      hits.set(expected, (hits.get(expected) ?? 0) + 1);
    }
  }
  const perIntent = INTENTS.filter((i) => support.has(i) || predictedN.has(i)).map((intent) => {
    const tp = hits.get(intent) ?? 0;
    const p = predictedN.get(intent) ?? 0;
    const s = support.get(intent) ?? 0;
    return { intent, precision: p === 0 ? 0 : tp / p, recall: s === 0 ? 0 : tp / s, support: s };
  });
  const total = pairs.length;
  return { total, correct, accuracy: total === 0 ? 0 : correct / total, perIntent };
}

function calibration(pairs: readonly EvalPair[]): EvalReport['calibration'] {
  if (pairs.length === 0 || pairs.some((p) => typeof p.confidence !== 'number')) return undefined;
  const bins = Array.from({ length: CALIBRATION_BINS }, (_, b) => ({ from: b / CALIBRATION_BINS, to: (b + 1) / CALIBRATION_BINS, count: 0, sumConf: 0, right: 0 }));
  for (const p of pairs) {
    const c = Math.min(1, Math.max(0, p.confidence!));
    const bin = bins[Math.min(CALIBRATION_BINS - 1, Math.floor(c * CALIBRATION_BINS))]!;
    bin.count++;
    bin.sumConf += c;
    if (p.expected === p.predicted) bin.right++;
  }
  let ece = 0;
  const out = bins.map((b) => {
    const confidence = b.count ? b.sumConf / b.count : 0;
    const accuracy = b.count ? b.right / b.count : 0;
    ece += (b.count / pairs.length) * Math.abs(confidence - accuracy);
    return { from: b.from, to: b.to, count: b.count, confidence, accuracy };
  });
  return { bins: out, ece };
}

const byLanguage = (a: string, b: string) => (a === DEFAULT_LANGUAGE ? -1 : b === DEFAULT_LANGUAGE ? 1 : a.localeCompare(b));

export function evaluate(pairs: readonly EvalPair[]): EvalReport {
  const overall = score(pairs);
  const labels = overall.perIntent.map((p) => p.intent);
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  const langs = new Map<string, EvalPair[]>();
  for (const p of pairs) {
    counts[index.get(p.expected)!]![index.get(p.predicted)!]!++;
    const lang = p.lang ?? DEFAULT_LANGUAGE;
    const list = langs.get(lang);
    if (list) list.push(p);
    else langs.set(lang, [p]);
  }
  const confusions: EvalReport['confusions'] = [];
  labels.forEach((expected, e) =>
    labels.forEach((predicted, p) => {
      if (e !== p && counts[e]![p]! > 0) confusions.push({ expected, predicted, count: counts[e]![p]! });
    }));
  confusions.sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.predicted.localeCompare(b.predicted));
  const perLanguage = [...langs.keys()].sort(byLanguage).map((lang) => ({ lang, ...score(langs.get(lang)!) }));
  const cal = calibration(pairs);
  return { ...overall, confusions, matrix: { labels, counts }, perLanguage, ...(cal && { calibration: cal }) };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

/** `en 98.1% (53/54) · pt 22.2% (4/18)`: accuracy per language on one line. */
export function formatLanguages(report: Pick<EvalReport, 'perLanguage'>): string {
  return report.perLanguage.map((l) => `${l.lang} ${pct(l.accuracy).trim()} (${l.correct}/${l.total})`).join(' · ');
}

/** A human table: accuracy overall and per language, per-intent precision/recall/support, the top confusions. */
export function formatReport(report: EvalReport, title = 'intent evaluation', topConfusions = 10): string {
  const lines: string[] = [];
  lines.push(`${title}: accuracy ${pct(report.accuracy).trim()} (${report.correct}/${report.total})`);
  lines.push(`  per language: ${formatLanguages(report)}`);
  lines.push(`  ${'intent'.padEnd(16)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'support'.padStart(8)}`);
  for (const r of report.perIntent) {
    lines.push(`  ${r.intent.padEnd(16)} ${pct(r.precision).padStart(9)} ${pct(r.recall)} ${String(r.support).padStart(8)}`);
  }
  if (report.calibration) lines.push(`  calibration: expected calibration error ${(report.calibration.ece * 100).toFixed(1)} points`);
  if (report.confusions.length > 0) {
    lines.push('  top confusions (expected → predicted):');
    for (const c of report.confusions.slice(0, topConfusions)) lines.push(`    ${c.expected} → ${c.predicted}: ${c.count}`);
  }
  return lines.join('\n');
}
