import type { Intent } from '@npc/contracts';
import { describe, expect, it } from 'vitest';
import { combineIntents } from './combine';
import { evaluate, formatReport } from './evaluate';

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
