import { describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus';
import { train, type TrainProgress } from './train';
import { trainInThread } from './train-thread';

/** Runs `work` while a 10 ms timer ticks; returns its result and the longest gap between ticks (ms). */
async function withTimerLag<T>(work: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  let last = performance.now();
  let maxLagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 10);
    last = now;
  }, 10);
  try {
    const result = await work();
    maxLagMs = Math.max(maxLagMs, performance.now() - last - 10);
    return { result, maxLagMs };
  } finally {
    clearInterval(timer);
  }
}

describe('training in a worker thread', () => {
  it('gives exactly the model train() gives, with progress reported here', async () => {
    const corpus = generateCorpus({ seed: 3, perIntent: 30 });
    const progress: TrainProgress[] = [];
    const opts = { seed: 5, epochs: 3, learningRate: 0.3, l2: 1e-5, spec: { version: 1, dims: 1 << 12, charMin: 2, charMax: 5, wordNgrams: 2, entities: true } };
    const threaded = await trainInThread(corpus, { ...opts, onProgress: (p) => progress.push(p) });
    const direct = train(corpus, opts);
    expect(threaded.labels).toEqual(direct.labels);
    expect(threaded.spec).toEqual(direct.spec);
    expect(Buffer.from(threaded.weights.buffer).equals(Buffer.from(direct.weights.buffer))).toBe(true);
    expect(Buffer.from(threaded.bias.buffer).equals(Buffer.from(direct.bias.buffer))).toBe(true);
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3]);
  });

  it('keeps the event loop free while it trains (a timer keeps ticking); train() on the loop would block it', async () => {
    const corpus = generateCorpus({ seed: 4, perIntent: 200 });
    const opts = { seed: 1, epochs: 4 };
    const threaded = await withTimerLag(() => trainInThread(corpus, opts));
    const blocking = await withTimerLag(async () => train(corpus, opts));
    console.log(`timer lag while training: in a thread ${threaded.maxLagMs.toFixed(0)} ms, on the event loop ${blocking.maxLagMs.toFixed(0)} ms`);
    // A behaviour check with a generous bound (a loaded 2-core box delays timers too), not a speed target.
    expect(threaded.maxLagMs).toBeLessThan(1000);
    expect(blocking.maxLagMs).toBeGreaterThan(threaded.maxLagMs);
    expect(Buffer.from(threaded.result.weights.buffer).equals(Buffer.from(blocking.result.weights.buffer))).toBe(true);
  });

  it('reports a training error as a rejection', async () => {
    await expect(trainInThread([{ text: 'hi', intent: 'greet' }], { weights: [1, 2] })).rejects.toThrow(/training thread: train: weights must have one entry per example/);
  });
});
