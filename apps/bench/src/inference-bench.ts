import { existsSync, readFileSync } from 'node:fs';
import { build as buildHistogram } from 'hdr-histogram-js';
import { IntentClassifier, MicroBatcher, exportOnnx, generateCorpus, splitHeldOut, train } from '@npc/intent-model';

/**
 * `pnpm bench inference`: the intent model on ONNX Runtime (CPU unless told otherwise) behind a
 * MicroBatcher with many concurrent callers: classifications/s, per-text latency, batch sizes,
 * and single-text (unbatched) throughput for comparison.
 */
export async function benchInference(o: {
  texts: number; callers: number; maxBatch: number; maxWaitMs: number; maxInFlight: number; device: 'cpu' | 'cuda' | 'auto';
  model?: string; single: number;
}): Promise<void> {
  let bytes: Uint8Array;
  const t0 = performance.now();
  if (o.model && existsSync(o.model)) {
    bytes = new Uint8Array(readFileSync(o.model));
    console.log(`model: loaded ${o.model} (${bytes.length} bytes)`);
  } else {
    const corpus = generateCorpus({ seed: 1 });
    const { train: tr } = splitHeldOut(corpus);
    const model = train(tr);
    bytes = exportOnnx(model, { trainedOn: 'generated corpus seed 1' });
    console.log(`model: trained on ${tr.length} generated texts in ${((performance.now() - t0) / 1000).toFixed(1)} s (${bytes.length} bytes of ONNX)`);
  }
  const log = { info: () => undefined, warn: (obj: object, msg: string) => console.warn(msg, obj) };
  const clf = await IntentClassifier.load(bytes, { device: o.device, log });

  // Texts from a differently seeded corpus, cycled to the requested count.
  const pool = generateCorpus({ seed: 4242, perIntent: 2000 }).map((e) => e.text);
  const texts = Array.from({ length: o.texts }, (_, i) => pool[i % pool.length]!);

  // Warm-up.
  await clf.classifyBatch(pool.slice(0, 512));
  for (let i = 0; i < 200; i++) await clf.classifyBatch([pool[i]!]);

  // Unbatched: one text per ONNX run, one at a time.
  const singleN = Math.min(o.single, texts.length);
  const s0 = performance.now();
  for (let i = 0; i < singleN; i++) await clf.classifyBatch([texts[i]!]);
  const singleS = (performance.now() - s0) / 1000;

  // Batched: `callers` concurrent callers, each classifying its next text as soon as the last one answered.
  const batcher = new MicroBatcher((batch) => clf.classifyBatch(batch), { maxBatch: o.maxBatch, maxWaitMs: o.maxWaitMs, maxInFlight: o.maxInFlight });
  const hist = buildHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let next = 0;
  const b0 = performance.now();
  await Promise.all(
    Array.from({ length: o.callers }, async () => {
      while (next < texts.length) {
        const text = texts[next++]!;
        const t = performance.now();
        await batcher.classify(text);
        hist.recordValue(Math.max(1, Math.round((performance.now() - t) * 1000)));
      }
    }),
  );
  await batcher.drain();
  const batchedS = (performance.now() - b0) / 1000;
  const q = (p: number): string => (hist.getValueAtPercentile(p) / 1000).toFixed(2);
  const { batches, items } = batcher.stats;
  console.log(`npc-brain bench inference: provider ${clf.provider}, ${clf.labels.length} labels, ${clf.spec.dims} feature dims`);
  console.log(`  batched:   ${texts.length} texts, ${o.callers} concurrent callers, maxBatch ${o.maxBatch}, maxWaitMs ${o.maxWaitMs}, maxInFlight ${o.maxInFlight}`);
  console.log(`             ${Math.round(texts.length / batchedS).toLocaleString('en-US')} classifications/s   (goal ≥ 20,000/s)`);
  console.log(`             per-text latency p50 ${q(50)} ms   p90 ${q(90)} ms   p99 ${q(99)} ms`);
  console.log(`             ${batches} batches, mean batch ${(items / Math.max(1, batches)).toFixed(1)}, largest ${batcher.stats.maxBatchSeen}`);
  console.log(`  unbatched: ${singleN} texts one at a time: ${Math.round(singleN / singleS).toLocaleString('en-US')} classifications/s (${((singleS / singleN) * 1000).toFixed(3)} ms each)`);
  await clf.release();
}
