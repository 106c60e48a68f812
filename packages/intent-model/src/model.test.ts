/** Training, ONNX export and the onnxruntime-node session, for real (no mocks). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus';
import { evaluate } from './evaluate';
import { FEATURE_SPEC } from './features';
import { exportOnnx, importOnnx, readOnnxInfo } from './onnx-export';
import { IntentClassifier, cudaProviderPresent } from './session';
import { splitHeldOut } from './split';
import { predict, probabilities, train, type TrainedModel } from './train';

describe('intent model', () => {
  const corpus = generateCorpus({ seed: 11, perIntent: 150 });
  const { train: trainSet, heldOut } = splitHeldOut(corpus);
  let model: TrainedModel;
  let bytes: Uint8Array;
  let clf: IntentClassifier;
  const losses: number[] = [];

  beforeAll(async () => {
    model = train(trainSet, { epochs: 8, onProgress: (p) => losses.push(p.loss) });
    bytes = exportOnnx(model, { trainedAt: '2026-01-01T00:00:00Z', corpus: 'generated seed 11' });
    clf = await IntentClassifier.load(bytes, { device: 'cpu' });
  });
  afterAll(async () => {
    await clf?.release();
  });

  it('trains: the loss falls and its own held-out split is ≥ 90 % right', () => {
    expect(losses).toHaveLength(8);
    expect(losses[7]!).toBeLessThan(losses[0]!);
    expect(model.weights).toHaveLength(FEATURE_SPEC.dims * model.labels.length);
    const report = evaluate(heldOut.map((e) => ({ expected: e.intent, predicted: predict(model, e.text).intent })));
    expect(heldOut.length).toBeGreaterThan(300);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('is deterministic from its seed', () => {
    const again = train(trainSet.slice(0, 300), { epochs: 2, seed: 3 });
    const twice = train(trainSet.slice(0, 300), { epochs: 2, seed: 3 });
    expect(Buffer.from(twice.weights.buffer).equals(Buffer.from(again.weights.buffer))).toBe(true);
  });

  it('a retrain on a few more examples changes the model only where they do (stable training order)', () => {
    const family = Array.from({ length: 8 }, (_, i) => ({ text: `slide me ${i + 2} of them flappy doodads`, intent: 'buy' as const }));
    const more = train([...trainSet, ...family], { epochs: 8 });
    const changed = heldOut.filter((e) => predict(more, e.text).intent !== predict(model, e.text).intent);
    expect(changed.length).toBeLessThanOrEqual(2); // of 500+: the rest of the model is the same model
    expect(predict(more, 'slide me 40 of them flappy doodads')).toMatchObject({ intent: 'buy' });
  });

  it('exports a self-describing ONNX model: labels, spec and meta read back', () => {
    const info = readOnnxInfo(bytes);
    expect(info.labels).toEqual(model.labels);
    expect(info.spec).toEqual(model.spec);
    expect(info.meta).toEqual({ trainedAt: '2026-01-01T00:00:00Z', corpus: 'generated seed 11' });
    expect(info.opset).toBeGreaterThanOrEqual(17);
    expect(clf.labels).toEqual(model.labels);
    expect(clf.spec).toEqual(model.spec);
    expect(clf.meta).toEqual(info.meta);
    const back = importOnnx(bytes);
    const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(back.weights.length).toBe(model.weights.length);
    expect(same(back.weights, model.weights)).toBe(true);
    expect(same(back.bias, model.bias)).toBe(true);
    expect(() => exportOnnx(model, { 'npc.labels': 'x' })).toThrow(/reserved/);
    expect(() => readOnnxInfo(new Uint8Array([8, 8]))).toThrow();
  });

  it('agrees with the pure-TS forward pass on 200 texts (probabilities within 1e-4, same intent)', async () => {
    const texts = [...heldOut.map((e) => e.text), ...generateCorpus({ seed: 99, perIntent: 12 }).map((e) => e.text)].slice(0, 200);
    expect(texts).toHaveLength(200);
    const onnx = await clf.probabilities(texts);
    const L = model.labels.length;
    const preds = await clf.classifyBatch(texts);
    texts.forEach((t, r) => {
      const ref = probabilities(model, t);
      for (let l = 0; l < L; l++) expect(Math.abs(ref[l]! - onnx[r * L + l]!)).toBeLessThan(1e-4);
      const p = predict(model, t);
      expect(preds[r]!.intent).toBe(p.intent);
      expect(Math.abs(preds[r]!.confidence - p.confidence)).toBeLessThan(1e-4);
    });
    // Batches of any size, one at a time included, give the same answers.
    const single = await clf.classifyBatch([texts[7]!]);
    expect(single[0]!.intent).toBe(preds[7]!.intent);
    expect(await clf.classifyBatch([])).toEqual([]);
  });

  it('falls back to the CPU with a warning when CUDA is requested but absent', async () => {
    const warnings: string[] = [];
    const infos: object[] = [];
    const c = await IntentClassifier.load(bytes, { device: 'cuda', log: { info: (o) => infos.push(o), warn: (_o, msg) => warnings.push(msg) } });
    try {
      if (cudaProviderPresent()) {
        expect(['cuda', 'cpu']).toContain(c.provider);
      } else {
        expect(c.provider).toBe('cpu');
        expect(warnings.join('\n')).toMatch(/CUDA/);
      }
      expect(infos.length).toBe(1);
      expect((await c.classifyBatch(['warp me to geffen']))[0]!.intent).toBe(predict(model, 'warp me to geffen').intent);
    } finally {
      await c.release();
    }
    const auto = await IntentClassifier.load(bytes, { device: 'auto' });
    expect(auto.provider).toBe(cudaProviderPresent() ? 'cuda' : 'cpu');
    await auto.release();
  });
});
