/** Accuracy, per-intent precision/recall and the top confusions of (expected, predicted) pairs. */
import { INTENTS, type Intent } from '@npc/contracts';

export interface EvalReport {
  total: number;
  correct: number;
  accuracy: number;
  perIntent: { intent: Intent; precision: number; recall: number; support: number }[];
  confusions: { expected: Intent; predicted: Intent; count: number }[];
}

export function evaluate(pairs: readonly { expected: Intent; predicted: Intent }[]): EvalReport {
  const support = new Map<Intent, number>();
  const predictedN = new Map<Intent, number>();
  const hits = new Map<Intent, number>();
  const confusion = new Map<string, { expected: Intent; predicted: Intent; count: number }>();
  let correct = 0;
  for (const { expected, predicted } of pairs) {
    support.set(expected, (support.get(expected) ?? 0) + 1);
    predictedN.set(predicted, (predictedN.get(predicted) ?? 0) + 1);
    if (expected === predicted) {
      correct++;
      hits.set(expected, (hits.get(expected) ?? 0) + 1);
    } else {
      const key = `${expected}>${predicted}`;
      const c = confusion.get(key);
      if (c) c.count++;
      else confusion.set(key, { expected, predicted, count: 1 });
    }
  }
  const perIntent = INTENTS.filter((i) => support.has(i) || predictedN.has(i)).map((intent) => {
    const tp = hits.get(intent) ?? 0;
    const p = predictedN.get(intent) ?? 0;
    const s = support.get(intent) ?? 0;
    return { intent, precision: p === 0 ? 0 : tp / p, recall: s === 0 ? 0 : tp / s, support: s };
  });
  const confusions = [...confusion.values()].sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.predicted.localeCompare(b.predicted));
  const total = pairs.length;
  return { total, correct, accuracy: total === 0 ? 0 : correct / total, perIntent, confusions };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

/** A human table: accuracy, per-intent precision/recall/support, the top confusions. */
export function formatReport(report: EvalReport, title = 'intent evaluation', topConfusions = 10): string {
  const lines: string[] = [];
  lines.push(`${title}: accuracy ${pct(report.accuracy).trim()} (${report.correct}/${report.total})`);
  lines.push(`  ${'intent'.padEnd(16)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'support'.padStart(8)}`);
  for (const r of report.perIntent) {
    lines.push(`  ${r.intent.padEnd(16)} ${pct(r.precision).padStart(9)} ${pct(r.recall)} ${String(r.support).padStart(8)}`);
  }
  if (report.confusions.length > 0) {
    lines.push('  top confusions (expected → predicted):');
    for (const c of report.confusions.slice(0, topConfusions)) lines.push(`    ${c.expected} → ${c.predicted}: ${c.count}`);
  }
  return lines.join('\n');
}
