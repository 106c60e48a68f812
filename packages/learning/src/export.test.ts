import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures, splitHeldOut } from '@npc/intent-model';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';
import { buildExport, readExport, writeExport, type ExportRow, type TrainingExport } from './export';
import { ingestOnce } from './ingest';
import { trainingSettings } from './settings';
import { buildTrainingSet } from './training-set';
import { putNpc, rate, storeDecisions } from './test-helpers';

// ── an independent implementation of the feature spec (docs/ml/features.md) ─────────────────────
// Written from the document and the exported spec alone: BigInt arithmetic, strings, no import
// from the feature module. If it reproduces the product's vectors, another tool can too.

const M32 = (1n << 32n) - 1n;
const u32 = (x: bigint) => x & M32;
type Spec = {
  spec: { dims: number; charMin: number; charMax: number; wordNgrams: number; entities: boolean };
  hashing: { fnvPrime: number; charBasis: number; wordBasis: number; bigramTag: number; entityTag: number; shapeTag: number };
  gazetteer: Record<string, string>;
};

function referenceFeatures(normalized: string, shape: string[], doc: Spec): Map<number, number> {
  const { spec, hashing: H, gazetteer } = doc;
  const P = BigInt(H.fnvPrime);
  const fold = (ch: string) => (ch >= '1' && ch <= '9' ? '0' : ch);
  const step = (h: bigint, ch: string) => u32((h ^ BigInt(fold(ch).charCodeAt(0))) * P);
  const token = (t: string, basis: number) => [...t].reduce(step, BigInt(basis));
  const bigram = (a: bigint, b: bigint) => u32(u32((a ^ BigInt(H.bigramTag)) * P) ^ b);
  const out: bigint[] = [];
  // char n-grams of " text "
  if (normalized.length > 0) {
    const padded = ` ${normalized} `;
    for (let i = 0; i < padded.length; i++) {
      for (let n = spec.charMin; n <= spec.charMax && i + n <= padded.length; n++) out.push(token(padded.slice(i, i + n), H.charBasis));
    }
  }
  const tokens = normalized.length ? normalized.split(' ') : [];
  const words = tokens.map((t) => token(t, H.wordBasis));
  const BOS = token('\u0002', H.wordBasis);
  const EOS = token('\u0003', H.wordBasis);
  if (spec.wordNgrams >= 1) out.push(...words);
  if (spec.wordNgrams >= 2 && words.length) [BOS, ...words].forEach((w, i, a) => out.push(bigram(w, i + 1 < a.length ? a[i + 1]! : EOS)));
  if (spec.entities && tokens.length) {
    const longest = new Map<string, number>();
    for (const alias of Object.keys(gazetteer)) {
      const w = alias.split(' ');
      if (w.length > 1) longest.set(w[0]!, Math.max(longest.get(w[0]!) ?? 0, w.length));
    }
    const seq: { h: bigint; entity: boolean }[] = [];
    for (let i = 0; i < tokens.length; ) {
      let cls: string | undefined;
      let span = 1;
      for (let w = Math.min(longest.get(tokens[i]!) ?? 0, tokens.length - i); w >= 2 && !cls; w--) {
        cls = gazetteer[tokens.slice(i, i + w).join(' ')];
        if (cls) span = w;
      }
      if (!cls && tokens[i]!.length >= 2) cls = gazetteer[tokens[i]!];
      if (cls) {
        const h = token(`<${cls}>`, H.wordBasis);
        out.push(h ^ BigInt(H.entityTag));
        seq.push({ h, entity: true });
      } else seq.push({ h: words[i]!, entity: false });
      i += span;
    }
    if (seq.some((s) => s.entity)) {
      const full = [{ h: BOS, entity: false }, ...seq, { h: EOS, entity: false }];
      for (let i = 0; i + 1 < full.length; i++) if (full[i]!.entity || full[i + 1]!.entity) out.push(bigram(full[i]!.h, full[i + 1]!.h) ^ BigInt(H.entityTag));
    }
  }
  const n = tokens.length;
  const bucket = n <= 3 ? n : n <= 5 ? 4 : n <= 8 ? 5 : n <= 14 ? 6 : 7;
  const shapeHash = (id: number) => u32((BigInt(H.shapeTag) ^ BigInt(id)) * P);
  out.push(shapeHash(1) ^ BigInt(bucket));
  const ids: Record<string, number> = { question: 2, refine: 3, amount: 4, zeny: 5, empty: 6 };
  for (const flag of shape) out.push(shapeHash(ids[flag]!));
  // murmur3 fmix32, index and sign, then L2.
  const fmix = (h0: bigint) => {
    let h = h0;
    h = u32(h ^ (h >> 16n));
    h = u32(h * 0x85ebca6bn);
    h = u32(h ^ (h >> 13n));
    h = u32(h * 0xc2b2ae35n);
    return u32(h ^ (h >> 16n));
  };
  const counts = new Map<number, number>();
  for (const raw of out) {
    const h = fmix(raw);
    const idx = Number(h & BigInt(spec.dims - 1));
    counts.set(idx, (counts.get(idx) ?? 0) + (h >> 31n ? -1 : 1));
  }
  for (const [k, v] of counts) if (v === 0) counts.delete(k);
  const norm = Math.sqrt([...counts.values()].reduce((s, v) => s + v * v, 0));
  return new Map([...counts].map(([k, v]) => [k, Math.fround(v * (1 / norm))]));
}

describe('learn export', () => {
  let test: TestDatabase;
  let repos: Repositories;
  let dir: string;
  const settings = trainingSettings({ LEARN_CORPUS_PER_INTENT: 20, LEARN_MIN_SUCCESS_RATE: 0.6 }, { featureDims: 4096, seed: 3 });

  beforeAll(async () => {
    test = await createTestDatabase();
    repos = createRepositories(test.database.db);
    dir = await mkdtemp(path.join(tmpdir(), 'npc-export-'));
    await putNpc(repos, 'kafra_1', 'kafra');
    await putNpc(repos, 'merchant_1', 'merchant');
    const ids = await storeDecisions(repos, [
      { npcId: 'kafra_1', text: 'stash my loot in the vault please', intent: 'storage' },
      { npcId: 'kafra_1', text: 'stash my gear in the vault please', intent: 'storage' },
      { npcId: 'merchant_1', text: 'tell me of the founding of prontera', intent: 'lore', source: 'llm' },
      { npcId: 'merchant_1', text: 'what did the old king do', intent: 'lore', source: 'llm' },
    ]);
    await rate(repos, ids[0]!, 1);
    await rate(repos, ids[1]!, 1);
    // Rated 0 with an outcome: not a well-rated pattern, still an LLM label (not rated -1).
    await repos.feedback.insert({ decisionId: ids[2]!, apiKeyId: 'key_test', rating: 0, outcome: 'player listened to the end' });
    await ingestOnce({ learning: repos.learning }, { settleMs: 0 });
  });
  afterAll(async () => {
    await test.drop();
    await rm(dir, { recursive: true, force: true });
  });

  let data: TrainingExport;

  it('holds the training set as retraining builds it: label, language, source, rating, outcome, role, split, weight', async () => {
    data = await buildExport(repos.learning, { settings });
    const set = await buildTrainingSet(repos.learning, { perIntent: 20, minSuccessRate: 0.6, seed: 3 });
    expect(data.rows).toHaveLength(set.train.length + set.heldOut.length);
    expect(data.rows.filter((r) => r.split === 'train').map((r) => [r.text, r.intent, r.weight])).toEqual(set.train.map((e, i) => [e.text, e.intent, set.weights[i]]));
    // The split is the product's: a deterministic hash of the text.
    const { heldOut } = splitHeldOut(data.rows);
    expect(new Set(heldOut.map((r) => r.text))).toEqual(new Set(data.rows.filter((r) => r.split === 'held_out').map((r) => r.text)));

    const by = (text: string) => data.rows.find((r) => r.text === text);
    expect(by('stash my loot in the vault please')).toMatchObject({ intent: 'storage', source: 'pattern', role: 'kafra', rating: 1, language: 'en', outcome: null });
    expect(by('tell me of the founding of prontera')).toMatchObject({ intent: 'lore', source: 'llm', role: 'merchant', rating: 0, outcome: 'player listened to the end' });
    expect(by('what did the old king do')).toMatchObject({ source: 'llm', rating: null, outcome: null });
    const learnt = data.rows.filter((r) => r.source !== 'corpus');
    expect(learnt.filter((r) => r.split === 'train').every((r) => r.weight === settings.learntWeight)).toBe(true);
    const corpus = data.rows.find((r) => r.source === 'corpus')!;
    expect(corpus).toMatchObject({ role: null, rating: null, outcome: null, language: 'en' });
    expect(data.spec).toMatchObject({ featureVersion: 1, spec: { dims: 4096 }, settings });
  });

  it('round trip: JSONL and Parquet read back to identical rows, the spec beside them', async () => {
    for (const format of ['jsonl', 'parquet'] as const) {
      const out = path.join(dir, `set.${format}`);
      const files = await writeExport(data, out, format);
      const back = await readExport(new Uint8Array(await readFile(files.rows)), format);
      expect(back).toEqual(data.rows);
      expect(JSON.parse(await readFile(files.spec, 'utf8'))).toEqual(data.spec);
    }
    // --since: only learnt data from then on, never the corpus (it has no date).
    const later = await buildExport(repos.learning, { settings, since: new Date(Date.now() - 3_600_000) });
    expect(later.rows.map((r) => r.source).sort()).toEqual(['llm', 'llm', 'pattern', 'pattern']);
    expect((await buildExport(repos.learning, { settings, since: new Date(Date.now() + 3_600_000) })).rows).toEqual([]);
  });

  it("the exported spec reproduces the product's features, computed independently from the normalised text", async () => {
    const spec = JSON.parse(await readFile(path.join(dir, 'set.parquet.features.json'), 'utf8')) as Spec;
    const rows = await readExport(new Uint8Array(await readFile(path.join(dir, 'set.parquet'))), 'parquet');
    // A spread of rows: learnt ones, ones with towns/items/jobs (entity features), shape flags, slang.
    const picked: ExportRow[] = [
      ...rows.filter((r) => r.source !== 'corpus'),
      ...rows.filter((r) => r.shape.length > 0).slice(0, 10),
      ...rows.filter((r) => r.source === 'corpus').filter((_, i) => i % 17 === 0),
    ];
    expect(picked.length).toBeGreaterThan(30);
    for (const r of picked) {
      const ref = referenceFeatures(r.normalized, r.shape, spec);
      const exported = new Map(r.feature_indices.map((i, j) => [i, r.feature_values[j]!]));
      expect(exported, r.text).toEqual(ref);
      const product = extractFeatures(r.text, { version: 1, ...spec.spec });
      expect(new Map(Array.from(product.indices, (i, j) => [i, product.values[j]!])), r.text).toEqual(ref);
    }
  });
});
