import type { Intent } from '@npc/contracts';
import { describe, expect, it } from 'vitest';
import { combineIntents } from './combine';
import { evaluate, formatLanguages, formatReport, type EvalPair } from './evaluate';

describe('evaluate', () => {
  it('computes accuracy, per-intent precision/recall/support and confusions', () => {
    const pairs: { expected: Intent; predicted: Intent }[] = [
      { expected: 'buy', predicted: 'buy' }, { expected: 'buy', predicted: 'buy' }, { expected: 'buy', predicted: 'sell' },
      { expected: 'sell', predicted: 'sell' }, { expected: 'greet', predicted: 'sell' }, { expected: 'greet', predicted: 'greet' },
    ];
    const r = evaluate(pairs);
    expect(r).toMatchObject({ total: 6, correct: 4 });
    expect(r.accuracy).toBeCloseTo(4 / 6, 10);
    const by = Object.fromEntries(r.perIntent.map((p) => [p.intent, p]));
    expect(by.buy).toEqual({ intent: 'buy', precision: 1, recall: 2 / 3, support: 3 });
    expect(by.sell).toEqual({ intent: 'sell', precision: 1 / 3, recall: 1, support: 1 });
    expect(by.greet).toEqual({ intent: 'greet', precision: 1, recall: 0.5, support: 2 });
    expect(r.perIntent.map((p) => p.intent)).toEqual(['greet', 'buy', 'sell']);
    expect(r.confusions).toEqual([
      { expected: 'buy', predicted: 'sell', count: 1 }, { expected: 'greet', predicted: 'sell', count: 1 },
    ]);
    const text = formatReport(r, 'tiny');
    expect(text).toContain('tiny: accuracy 66.7% (4/6)');
    expect(text).toMatch(/buy\s+100\.0%\s+66\.7%\s+3/);
    expect(text).toContain('buy → sell: 1');
    expect(evaluate([]).accuracy).toBe(0);
    // The full matrix: rows expected, columns predicted, over the intents seen.
    expect(r.matrix).toEqual({ labels: ['greet', 'buy', 'sell'], counts: [[1, 0, 1], [0, 2, 1], [0, 0, 1]] });
    expect(r.calibration).toBeUndefined(); // no confidences given
  });

  it('reports each language on its own (a pair without one is English), English first', () => {
    const pairs: EvalPair[] = [
      { expected: 'buy', predicted: 'buy' }, { expected: 'greet', predicted: 'greet' },
      { expected: 'buy', predicted: 'buy', lang: 'pt' }, { expected: 'warp', predicted: 'unknown', lang: 'pt' }, { expected: 'warp', predicted: 'unknown', lang: 'pt' },
      { expected: 'greet', predicted: 'greet', lang: 'id' },
    ];
    const r = evaluate(pairs);
    expect(r).toMatchObject({ total: 6, correct: 4 });
    expect(r.perLanguage.map((l) => [l.lang, l.correct, l.total])).toEqual([['en', 2, 2], ['id', 1, 1], ['pt', 1, 3]]);
    const pt = r.perLanguage.find((l) => l.lang === 'pt')!;
    expect(pt.accuracy).toBeCloseTo(1 / 3, 10);
    expect(Object.fromEntries(pt.perIntent.map((p) => [p.intent, [p.precision, p.recall, p.support]]))).toEqual({
      buy: [1, 1, 1], warp: [0, 0, 2], unknown: [0, 0, 0],
    });
    expect(formatLanguages(r)).toBe('en 100.0% (2/2) · id 100.0% (1/1) · pt 33.3% (1/3)');
    expect(formatReport(r)).toContain('  per language: en 100.0% (2/2) · id 100.0% (1/1) · pt 33.3% (1/3)');
  });

  it('calibration: confidence against accuracy in ten bins, and the expected calibration error', () => {
    const pairs: EvalPair[] = [
      // 0.95 sure and right twice, 0.95 sure and wrong twice: half right at 95 % confidence.
      { expected: 'buy', predicted: 'buy', confidence: 0.95 }, { expected: 'buy', predicted: 'buy', confidence: 0.95 },
      { expected: 'buy', predicted: 'sell', confidence: 0.95 }, { expected: 'buy', predicted: 'sell', confidence: 0.95 },
      // 0.35 sure and right once, wrong once.
      { expected: 'warp', predicted: 'warp', confidence: 0.35 }, { expected: 'warp', predicted: 'greet', confidence: 0.35 },
    ];
    const { calibration } = evaluate(pairs);
    expect(calibration?.bins).toHaveLength(10);
    expect(calibration?.bins[9]).toMatchObject({ count: 4, accuracy: 0.5 });
    expect(calibration?.bins[9]?.confidence).toBeCloseTo(0.95, 10);
    expect(calibration?.bins[3]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(calibration?.bins.filter((b) => b.count === 0)).toHaveLength(8);
    // ECE = 4/6·|0.95−0.5| + 2/6·|0.35−0.5|
    expect(calibration?.ece).toBeCloseTo((4 / 6) * 0.45 + (2 / 6) * 0.15, 10);
  });
});

describe('combineIntents', () => {
  it('keeps confident rules, takes a confident model over unsure rules, keeps injection verdicts', () => {
    expect(combineIntents({ name: 'buy', confidence: 0.9 }, { intent: 'sell', confidence: 0.99 })).toEqual({ intent: { name: 'buy', confidence: 0.9 }, by: 'rules' });
    expect(combineIntents({ name: 'unknown', confidence: 0.2 }, { intent: 'sell', confidence: 0.95 })).toEqual({ intent: { name: 'sell', confidence: 0.95 }, by: 'model' });
    expect(combineIntents({ name: 'buy', confidence: 0.5 }, { intent: 'sell', confidence: 0.9 })).toEqual({ intent: { name: 'sell', confidence: 0.9 }, by: 'model' });
    expect(combineIntents({ name: 'unknown', confidence: 0.2 }, { intent: 'sell', confidence: 0.5 })).toEqual({ intent: { name: 'unknown', confidence: 0.2 }, by: 'rules' });
    expect(combineIntents({ name: 'unknown', confidence: 0.9 }, { intent: 'lore', confidence: 0.99 }).intent.name).toBe('unknown');
    expect(combineIntents({ name: 'warp', confidence: 0.4 }, { intent: 'warp', confidence: 0.7 })).toEqual({ intent: { name: 'warp', confidence: 0.7 }, by: 'rules' });
    expect(combineIntents({ name: 'greet', confidence: 0.6 }, undefined)).toEqual({ intent: { name: 'greet', confidence: 0.6 }, by: 'rules' });
    expect(combineIntents({ name: 'unknown', confidence: 0.2 }, { intent: 'sell', confidence: 0.85 }, { modelConfident: 0.9 }).by).toBe('rules');
  });
});
