import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './batcher';
import type { IntentPrediction } from './train';

const echo = (tag: string, calls: string[][]) => async (texts: string[]): Promise<IntentPrediction[]> => {
  calls.push([...texts]);
  await new Promise((r) => setTimeout(r, 1));
  return texts.map((t) => ({ intent: 'greet', confidence: Number(t.slice(1)) / 1000, tag } as IntentPrediction & { tag: string }));
};

describe('MicroBatcher', () => {
  it('flushes as soon as maxBatch texts are queued, without waiting', async () => {
    const calls: string[][] = [];
    const b = new MicroBatcher(echo('a', calls), { maxBatch: 4, maxWaitMs: 10_000 });
    const t0 = performance.now();
    const out = await Promise.all(['t1', 't2', 't3', 't4'].map((t) => b.classify(t)));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(calls).toEqual([['t1', 't2', 't3', 't4']]);
    expect(out.map((p) => p.confidence)).toEqual([0.001, 0.002, 0.003, 0.004]);
    expect(b.stats).toMatchObject({ batches: 1, items: 4 });
  });

  it('flushes a partial batch after maxWaitMs', async () => {
    const calls: string[][] = [];
    const b = new MicroBatcher(echo('a', calls), { maxBatch: 100, maxWaitMs: 30 });
    const t0 = performance.now();
    const p = b.classify('t5');
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toHaveLength(0);
    await p;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(calls).toEqual([['t5']]);
  });

  it('gives each of many concurrent callers its own answer, in order', async () => {
    const calls: string[][] = [];
    const b = new MicroBatcher(echo('a', calls), { maxBatch: 16, maxWaitMs: 1 });
    const texts = Array.from({ length: 500 }, (_, i) => `t${i}`);
    const out = await Promise.all(texts.map(async (t, i) => {
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, i % 5));
      return b.classify(t);
    }));
    expect(out.map((p) => Math.round(p.confidence * 1000))).toEqual(texts.map((_, i) => i));
    expect(calls.flat().sort()).toEqual([...texts].sort());
    for (const c of calls) expect(c.length).toBeLessThanOrEqual(16);
    expect(b.stats.items).toBe(500);
  });

  it('setRunner mid-stream: running batches finish on the old runner, nothing is lost', async () => {
    const oldCalls: string[][] = [];
    const newCalls: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowOld = async (texts: string[]): Promise<IntentPrediction[]> => {
      oldCalls.push(texts);
      await gate;
      return texts.map(() => ({ intent: 'buy', confidence: 0.5 }));
    };
    const b = new MicroBatcher(slowOld, { maxBatch: 3, maxWaitMs: 1 });
    const first = ['a', 'b', 'c', 'd'].map((t) => b.classify(t));
    await new Promise((r) => setTimeout(r, 20));
    b.setRunner(async (texts) => {
      newCalls.push(texts);
      return texts.map(() => ({ intent: 'sell', confidence: 0.9 }));
    });
    const second = ['e', 'f'].map((t) => b.classify(t));
    release();
    await b.drain();
    const a = await Promise.all(first);
    const s = await Promise.all(second);
    expect(oldCalls.flat()).toEqual(['a', 'b', 'c', 'd']);
    expect(newCalls.flat()).toEqual(['e', 'f']);
    expect(a.map((p) => p.intent)).toEqual(['buy', 'buy', 'buy', 'buy']);
    expect(s.map((p) => p.intent)).toEqual(['sell', 'sell']);
    expect(b.stats.items).toBe(6);
  });

  it('rejects a batch whose runner fails or miscounts, and keeps serving', async () => {
    let mode: 'throw' | 'short' | 'ok' = 'throw';
    const b = new MicroBatcher(async (texts) => {
      if (mode === 'throw') throw new Error('boom');
      if (mode === 'short') return [];
      return texts.map(() => ({ intent: 'help', confidence: 1 }));
    }, { maxBatch: 2, maxWaitMs: 1 });
    await expect(b.classify('x')).rejects.toThrow('boom');
    mode = 'short';
    await expect(b.classify('x')).rejects.toThrow(/results/);
    mode = 'ok';
    await expect(b.classify('x')).resolves.toEqual({ intent: 'help', confidence: 1 });
  });

  it('drain() waits for queued and running batches', async () => {
    const calls: string[][] = [];
    const b = new MicroBatcher(echo('a', calls), { maxBatch: 1000, maxWaitMs: 5_000, maxInFlight: 1 });
    const ps = ['t1', 't2', 't3'].map((t) => b.classify(t));
    await b.drain();
    expect(calls).toEqual([['t1', 't2', 't3']]);
    expect(b.queued).toBe(0);
    await Promise.all(ps);
  });
});
