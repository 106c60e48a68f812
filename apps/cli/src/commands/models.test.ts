import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InferenceWorkerEnv, loadConfig } from '@npc/config';
import { INTENTS, type Intent } from '@npc/contracts';
import { extractFeatures } from '@npc/intent-model';
import { HEAT, readExport, retrainOnce, type ExportRow } from '@npc/learning';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';
import { REPO_ROOT, chromiumFound, deleteRedisPrefix, isolatedEnv, launchChromium } from '@npc/testing';
import { startInferenceWorker, type RunningInferenceWorker } from '@npc/worker-inference';
import { npc } from './test-cli';

const { onnx } = onnxProto;
const A = onnx.AttributeProto.AttributeType;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const EVAL = [path.join(REPO_ROOT, '../shared/eval/intents-dev.jsonl'), path.join(REPO_ROOT, '../shared/eval/intents-dev-multilingual.jsonl')];
const SCREENSHOT = path.join(REPO_ROOT, 'coverage/eval-report.png');

/**
 * "Another tool": plain-SGD softmax regression over the exported sparse features, written here
 * from the export alone (not the project's trainer). Returns W as [labels × dims] and a bias.
 */
function trainElsewhere(rows: readonly ExportRow[], labels: readonly Intent[], dims: number): { W: Float32Array; b: Float32Array } {
  const L = labels.length;
  const W = new Float64Array(L * dims);
  const b = new Float64Array(L);
  const z = new Float64Array(L);
  const train = rows.filter((r) => r.split === 'train');
  for (let epoch = 0; epoch < 8; epoch++) {
    for (const r of train) {
      const y = labels.indexOf(r.intent);
      for (let l = 0; l < L; l++) {
        let s = b[l]!;
        r.feature_indices.forEach((i, j) => (s += W[l * dims + i]! * r.feature_values[j]!));
        z[l] = s;
      }
      const max = Math.max(...z);
      let sum = 0;
      for (let l = 0; l < L; l++) sum += (z[l] = Math.exp(z[l]! - max));
      for (let l = 0; l < L; l++) {
        const g = (z[l]! / sum - (l === y ? 1 : 0)) * r.weight * 0.5;
        b[l] = b[l]! - g;
        r.feature_indices.forEach((i, j) => (W[l * dims + i] = W[l * dims + i]! - g * r.feature_values[j]!));
      }
    }
  }
  return { W: Float32Array.from(W), b: Float32Array.from(b) };
}

const tensor = (name: string, dims: number[], data: Float32Array) => ({ name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer.slice(0)) });
const io = (name: string, elemType: number, dim: (number | string)[]) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dim.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});
const encode = (graph: onnxProto.onnx.IGraphProto, opset: number) =>
  onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, producerName: 'hand-built in models.test.ts', opsetImport: [{ domain: '', version: opset }], graph })).finish();

/** Gemm(x, W [labels × dims], b, transB) → Softmax: other names, other ops than the project's exporter, no metadata. */
function gemmModel(W: Float32Array, b: Float32Array, labels: number, dims: number, softmax = true): Uint8Array {
  const node: onnxProto.onnx.INodeProto[] = [{ opType: 'Gemm', input: ['x', 'W', 'b'], output: [softmax ? 'z' : 'y'], attribute: [{ name: 'transB', type: A.INT, i: 1 }] }];
  if (softmax) node.push({ opType: 'Softmax', input: ['z'], output: ['y'], attribute: [{ name: 'axis', type: A.INT, i: 1 }] });
  return encode({ name: 'elsewhere', node, initializer: [tensor('W', [labels, dims], W), tensor('b', [labels], b)], input: [io('x', FLOAT, ['batch', dims])], output: [io('y', FLOAT, ['batch', labels])] }, 13);
}

/** Raw text in, its own tokenizer: lower-case, split on spaces, keyword counts, a weight matrix, Softmax. */
function keywordModel(keywords: Record<string, number>, labels: number): Uint8Array {
  const vocab = Object.keys(keywords);
  const W = new Float32Array(vocab.length * labels);
  vocab.forEach((w, i) => (W[i * labels + keywords[w]!] = 4));
  const s = (v: string) => Buffer.from(v);
  return encode({
    name: 'keywords',
    node: [
      { opType: 'StringNormalizer', input: ['text'], output: ['lower'], attribute: [{ name: 'case_change_action', type: A.STRING, s: s('LOWER') }, { name: 'locale', type: A.STRING, s: s('C') }] },
      { opType: 'StringSplit', input: ['lower'], output: ['tokens', 'count'], attribute: [{ name: 'delimiter', type: A.STRING, s: s(' ') }] },
      {
        opType: 'TfIdfVectorizer', input: ['tokens'], output: ['tf'], attribute: [
          { name: 'mode', type: A.STRING, s: s('TF') }, { name: 'min_gram_length', type: A.INT, i: 1 }, { name: 'max_gram_length', type: A.INT, i: 1 },
          { name: 'max_skip_count', type: A.INT, i: 0 }, { name: 'ngram_counts', type: A.INTS, ints: [0, vocab.length] },
          { name: 'ngram_indexes', type: A.INTS, ints: vocab.map((_, i) => i) }, { name: 'pool_strings', type: A.STRINGS, strings: vocab.map(s) },
        ],
      },
      { opType: 'MatMul', input: ['tf', 'W'], output: ['logits'] },
      { opType: 'Softmax', input: ['logits'], output: ['p'], attribute: [{ name: 'axis', type: A.INT, i: -1 }] },
    ],
    initializer: [tensor('W', [vocab.length, labels], W)],
    input: [io('text', onnx.TensorProto.DataType.STRING, ['N'])],
    output: [io('p', FLOAT, ['N', labels])],
  }, 20);
}

describe('bring your own model, evaluation report, diff', () => {
  let test: TestDatabase;
  let repos: Repositories;
  let dir: string;
  let env: Record<string, string>;
  let inference: RunningInferenceWorker;
  // The external model's labels, in an order of its own.
  const labels = [...INTENTS].reverse();
  let external: { W: Float32Array; b: Float32Array };
  const dims = 16_384;

  beforeAll(async () => {
    test = await createTestDatabase();
    repos = createRepositories(test.database.db);
    dir = await mkdtemp(path.join(tmpdir(), 'npc-byo-'));
    env = { ...isolatedEnv(), DATABASE_SCHEMA: test.schema, LEARN_CORPUS_PER_INTENT: '60', MODEL_DIR: path.join(dir, 'models') };
    // A weak promoted model to start from: one epoch at a tiny step.
    const weak = await retrainOnce(
      { learning: repos.learning, models: repos.models, config: { QUEUE_PREFIX: env.QUEUE_PREFIX!, LEARN_CORPUS_PER_INTENT: 60, LEARN_MIN_SUCCESS_RATE: 0.6, MODEL_CONFIDENT: 0.8, MODEL_DIR: env.MODEL_DIR! } },
      { settings: { epochs: 1, learningRate: 0.01 } },
    );
    expect(weak).toMatchObject({ version: 1, promoted: true });
    const config = loadConfig(InferenceWorkerEnv, { ...process.env, ...env, LOG_LEVEL: 'silent', INFERENCE_DEVICE: 'cpu', MODEL_POLL_MS: '60000', MODEL_DIR: path.join(dir, 'inference-cache') });
    inference = await startInferenceWorker(config, pino({ level: 'silent' }));
    expect(inference.model.version).toBe(1);
  });
  afterAll(async () => {
    await inference?.close();
    await test.drop();
    await deleteRedisPrefix(env.QUEUE_PREFIX!);
    await rm(dir, { recursive: true, force: true });
  });

  it('the training data goes out (learn export), a model is trained elsewhere, built as a hand-made ONNX graph, and `models add` promotes it: the inference worker hot-reloads it', async () => {
    const exported = await npc(['learn', 'export', '--format', 'parquet', '--out', path.join(dir, 'train.parquet')], env);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = await readExport(new Uint8Array(await readFile(path.join(dir, 'train.parquet'))), 'parquet');
    external = trainElsewhere(rows, labels, dims);
    const file = path.join(dir, 'elsewhere.onnx');
    await writeFile(file, gemmModel(external.W, external.b, labels.length, dims));

    const r = await npc(['models', 'add', file, '--labels', labels.join(','), '--eval', EVAL[0]!, '--eval', EVAL[1]!], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^intent model v2 \(imported from .*elsewhere\.onnx\): PROMOTED \(beats v1 /m);
    expect(r.stdout).toMatch(new RegExp(`input {7}the feature vector .*; ${labels.length} labels`));
    expect(r.stdout).toMatch(/accuracy {4}\d+\.\d% on the held-out split; v1 \d+\.\d% on the same split/);
    expect(r.stdout).toMatch(/intents-dev\.jsonl: model alone \d+\.\d% \(\d+\/53\) · product \d+\.\d% · en \d+\.\d% \(\d+\/53\)/);
    expect(r.stdout).toMatch(/intents-dev-multilingual\.jsonl: model alone .* · es .* · id .* · pt /);

    const stored = await repos.models.get(2);
    expect(stored).toMatchObject({ status: 'promoted', origin: 'imported', examples: 0, settings: { input: 'features', labels, featureSpec: { dims } } });
    expect(stored!.accuracy).toBeGreaterThan(stored!.baselineAccuracy!);
    expect(stored!.metrics).toMatchObject({ baselineVersion: 1, evals: [{ file: EVAL[0] }, { file: EVAL[1] }] });
    expect((stored!.metrics.evals as { model: { perLanguage: { lang: string }[] } }[])[1]!.model.perLanguage.map((l) => l.lang)).toEqual(['es', 'id', 'pt']);

    // Hot reload: the worker now serves the hand-built graph — its answer is the one computed by hand.
    await vi.waitFor(() => expect(inference.model.version).toBe(2), { timeout: 15_000 });
    for (const text of ['could you store my things', 'i want to go to payon', 'hello there']) {
      const f = extractFeatures(text);
      const z = labels.map((_, l) => external.b[l]! + Array.from(f.indices).reduce((s, i, j) => s + external.W[l * dims + i]! * f.values[j]!, 0));
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const k = e.indexOf(Math.max(...e));
      const served = await inference.model.classify(text);
      expect(served?.intent).toBe(labels[k]);
      expect(served?.confidence).toBeCloseTo(e[k]! / e.reduce((s, v) => s + v, 0), 4);
    }
    const listed = await npc(['models'], env);
    expect(listed.stdout).toMatch(new RegExp(`^v2 +promoted .* imported \\(features input, ${labels.length} labels\\)$`, 'm'));
    expect(listed.stdout).toMatch(/^v1 +retired .* epochs 1 · learning rate 0\.01 · L2 0\.000001 · dims 16384 · seed 1 · corpus 60\/intent$/m);
  });

  it('a raw-text model with its own tokenizer goes through the same gate (here: rejected, not better), and a model that breaks the contract is refused', async () => {
    const file = path.join(dir, 'keywords.onnx');
    const kw = ['greet', 'farewell', 'warp', 'buy'] as const;
    await writeFile(file, keywordModel({ hello: 0, hi: 0, bye: 1, goodbye: 1, warp: 2, teleport: 2, buy: 3, want: 3 }, kw.length));
    const r = await npc(['models', 'add', file, '--labels', kw.join(','), '--eval', EVAL[0]!], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^intent model v3 \(imported from .*keywords\.onnx\): rejected \(not better than v2 /m);
    expect(r.stdout).toMatch(/input {7}raw text \(its own tokenizer\); 4 labels/);
    expect(await repos.models.get(3)).toMatchObject({ status: 'rejected', origin: 'imported', settings: { input: 'text', labels: [...kw] } });
    expect((await repos.models.promoted())?.version).toBe(2);
    // It runs as a registry model like any other: `npc eval --version 3`.
    const ev = await npc(['eval', EVAL[0]!, '--version', '3'], env);
    expect(ev.code, ev.stderr).toBe(0);
    expect(ev.stdout).toMatch(/^model alone: +\d+\.\d% \(\d+\/53\) {2}\[registry v3 \(rejected\), cpu\]$/m);

    const logits = path.join(dir, 'logits.onnx');
    await writeFile(logits, gemmModel(external.W, external.b, labels.length, dims, false));
    const refused = await npc(['models', 'add', logits, '--labels', labels.join(',')], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/rows must sum to 1 .*end the graph with a Softmax|is not probabilities/);
    const unlabelled = await npc(['models', 'add', path.join(dir, 'elsewhere.onnx')], env);
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toMatch(/the model names no labels: give them in the order of its output columns/);
    const wrong = await npc(['models', 'add', path.join(dir, 'elsewhere.onnx'), '--labels', 'greet,dance'], env);
    expect(wrong.stderr).toMatch(/labels: not intents of the product: dance/);
    expect((await repos.models.list()).map((m) => m.version)).toEqual([3, 2, 1]); // nothing stored for the refused ones
  });

  it('models diff shows where two versions disagree, on the held-out split or on files', async () => {
    const r = await npc(['models', 'diff', '1', 'v2', '--limit', '5'], env);
    expect(r.code, r.stderr).toBe(0);
    const head = /^v1 vs v2 on the held-out split \((\d+) lines\): v1 (\S+)% · v2 (\S+)%$/m.exec(r.stdout);
    expect(head, r.stdout).not.toBeNull();
    expect(Number(head![3])).toBeGreaterThan(Number(head![2]));
    const counts = /^they disagree on (\d+) lines: only v1 right (\d+), only v2 right (\d+), neither (\d+)$/m.exec(r.stdout);
    expect(counts).not.toBeNull();
    const [n, onlyA, onlyB, neither] = counts!.slice(1).map(Number);
    expect(onlyA! + onlyB! + neither!).toBe(n);
    expect(onlyB).toBeGreaterThan(onlyA!);
    expect(r.stdout.split('\n').filter((l) => /^ {2}".*" \[en\] expected \w+: v1 \w+ [✓✗] \(\d\.\d\d\) · v2 \w+ [✓✗]/.test(l)).length).toBe(Math.min(5, n!));
    const onFile = await npc(['models', 'diff', '1', '2', '--on', EVAL[1]!], env);
    expect(onFile.stdout).toMatch(/^v1 vs v2 on .*intents-dev-multilingual\.jsonl \(54 lines\)/m);
  });

  describe.skipIf(!chromiumFound('the evaluation report test'))('the HTML evaluation report', () => {
    it('npc eval --report: rendered in headless Chromium, the screenshot shows the confusion matrix heat map', async () => {
      const out = path.join(dir, 'report.html');
      const r = await npc(['eval', ...EVAL, '--version', '1', '--report', out], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/per language: en \d+\.\d% \(\d+\/53\) · es .* · id .* · pt .*/);
      expect(r.stdout).toContain(`report:        ${out}`);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
        await page.goto(`file://${out}`);
        // DOM: every table the report promises, the matrix square over the intents seen.
        const labelsSeen = await page.locator('#confusion thead th.col').count();
        expect(labelsSeen).toBeGreaterThanOrEqual(10);
        expect(await page.locator('#confusion td.cell').count()).toBe(labelsSeen * labelsSeen);
        const cellSum = await page.$$eval('#confusion td.cell', (cells) => cells.reduce((s, c) => s + Number(c.getAttribute('data-count')), 0));
        expect(cellSum).toBe(107);
        expect(await page.locator('#per-language tbody tr').count()).toBe(4);
        expect(await page.locator('#per-language-intent thead th').count()).toBe(5);
        expect(await page.locator('#per-intent tbody tr').count()).toBe(labelsSeen);
        expect(await page.locator('#calibration rect.bar').count()).toBeGreaterThan(0);
        expect(await page.textContent('#comparison')).toMatch(/promoted: registry v2/);
        expect(await page.textContent('#acc-product')).toMatch(/\d+\.\d%/);

        mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        const matrix = page.locator('#confusion');
        await matrix.scrollIntoViewIfNeeded();
        const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
        // Cells to look at in the screenshot: the fullest right cell (blue), the fullest confusion (red) and an empty one (white).
        const spots = await page.$$eval('#confusion td.cell', (cells: any[]) => {
          const win = (globalThis as any).window;
          const box = (c: any) => {
            const b = c.getBoundingClientRect();
            return { x: Math.round(b.left + win.scrollX + b.width / 2), y: Math.round(b.top + win.scrollY + b.height / 2), count: Number(c.getAttribute('data-count')), diag: c.classList.contains('diag') as boolean };
          };
          const all = cells.map(box);
          const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
          return { right: all.filter((c) => c.diag).sort(byCount)[0]!, wrong: all.filter((c) => !c.diag && c.count > 0).sort(byCount)[0], empty: all.find((c) => c.count === 0)! };
        });
        // Decode the screenshot itself (Chromium's own PNG decoder, through a canvas) and read those pixels.
        const viewer = await browser.newPage();
        const pixel = (p: { x: number; y: number }): Promise<number[]> =>
          viewer.evaluate(
            async ({ src, x, y }) => {
              const g = globalThis as any;
              const img = new g.Image();
              img.src = src;
              await img.decode();
              const canvas = g.document.createElement('canvas');
              canvas.width = img.width;
              canvas.height = img.height;
              const ctx = canvas.getContext('2d');
              ctx.drawImage(img, 0, 0);
              // A few pixels off the centre: away from the number printed in the cell.
              return Array.from(ctx.getImageData(x - 12, y - 10, 1, 1).data.slice(0, 3) as ArrayLike<number>);
            },
            { src: `data:image/png;base64,${png.toString('base64')}`, x: p.x, y: p.y },
          );
        const [rr = 0, rg = 0, rb = 0] = await pixel(spots.right);
        expect(rb - rr, `right cell rgb(${rr},${rg},${rb})`).toBeGreaterThan(60); // blue: the heat map's "right" colour
        expect(Math.abs(rb - HEAT.right[2])).toBeLessThan(60);
        expect(await pixel(spots.empty)).toEqual([255, 255, 255]);
        if (spots.wrong) {
          const [wr = 0, , wb = 0] = await pixel(spots.wrong);
          expect(wr - wb, 'confused cell is red').toBeGreaterThan(10);
        }
      } finally {
        await browser.close();
      }
    });
  });
});
