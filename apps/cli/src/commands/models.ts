import { readFile } from 'node:fs/promises';
import { redisKeys } from '@npc/contracts';
import { formatLanguages } from '@npc/intent-model';
import {
  ProductClassifier, addModel, buildTrainingSet, diffModels, formatSettings, pruneModels, readLabelled, trainingSettings, type LabelledLine, type TrainingSettings,
} from '@npc/learning';
import type { ModelInfo, ModelRegistry } from '@npc/persistence';
import { modelConfidentFromEnv } from './classify';
import { withRegistry } from './models-connect';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A registry row's settings in a few words: training settings, or what an imported model takes. */
function describeSettings(m: ModelInfo): string {
  if (m.origin === 'imported') return `imported (${String(m.settings.input ?? '?')} input, ${Array.isArray(m.settings.labels) ? m.settings.labels.length : '?'} labels)`;
  return formatSettings(m.settings as Partial<TrainingSettings>) || 'settings not recorded';
}

/** `pnpm npc models`: the registry, newest first, with how each version was made. */
export async function listModels(out: (line: string) => void, err: NodeJS.WritableStream): Promise<void> {
  await withRegistry(err, async ({ repos }) => {
    const models = await repos.models.list();
    if (models.length === 0) out('no intent models yet (run: pnpm npc learn --once, or pnpm npc models add FILE.onnx)');
    for (const m of models) {
      const base = m.baselineAccuracy === null ? '' : `  baseline ${pct(m.baselineAccuracy)}`;
      out(`v${m.version}  ${m.status.padEnd(9)}  accuracy ${pct(m.accuracy)}${base}  examples ${m.examples}  held-out ${m.heldOut}  ${m.createdAt.toISOString()}  ${describeSettings(m)}`);
    }
  }, 1);
}

/**
 * `pnpm npc models --promote N`: make version N the promoted model (a rollback to an earlier
 * version, or a rejected candidate an operator trusts); inference workers hot-reload it.
 */
export async function promoteModel(version: number, out: (line: string) => void, err: NodeJS.WritableStream): Promise<void> {
  await withRegistry(err, async ({ config, repos, publisher }) => {
    const { promoted, retired } = await repos.models.promote(version);
    await publisher.publish(redisKeys(config.QUEUE_PREFIX).modelPromoted, String(promoted.version));
    out(`v${promoted.version} promoted${retired === null ? '' : ` (v${retired} retired)`}; inference workers reload it`);
  }, 1);
}

export interface AddFlags {
  labels?: string;
  eval?: string[];
}

/**
 * `pnpm npc models add FILE.onnx [--labels a,b,…] [--eval FILE.jsonl …]`: a model trained elsewhere
 * (docs/ml/model-contract.md) through the same gate as a retrain: measured on the same held-out
 * split, promoted (and hot-reloaded) only when better; measured on the evaluation files too.
 */
export async function addModelFile(file: string, flags: AddFlags, out: (line: string) => void, err: NodeJS.WritableStream): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  const labels = flags.labels?.split(',').map((l) => l.trim()).filter(Boolean);
  return withRegistry(err, async ({ config, repos, publisher }) => {
    const settings = trainingSettings(config);
    const modelConfident = modelConfidentFromEnv();
    const added = await addModel({ learning: repos.learning, models: repos.models, config, redis: publisher }, bytes, {
      file,
      settings,
      ...(labels && { labels }),
      ...(flags.eval && { evalFiles: flags.eval }),
      ...(modelConfident !== undefined && { modelConfident }),
    });
    const g = added.gate;
    out(`intent model v${g.version} (imported from ${file}): ${g.promoted ? 'PROMOTED' : 'rejected'} (${g.decision})`);
    out(`  input       ${added.input === 'text' ? 'raw text (its own tokenizer)' : 'the feature vector (docs/ml/features.md)'}; ${added.labels.length} labels`);
    out(`  held-out    ${g.report.total} lines (corpus ${settings.corpusPerIntent}/intent, seed ${settings.seed}, and what was learnt)`);
    out(`  accuracy    ${pct(g.report.accuracy)} on the held-out split${g.baseline ? `; v${g.baselineVersion} ${pct(g.baseline.accuracy)} on the same split` : ''}`);
    for (const e of added.evals) {
      const m = e.measurement;
      out(`  ${e.file}: model alone ${pct(m.model!.accuracy)} (${m.model!.correct}/${m.model!.total}) · product ${pct(m.product.accuracy)} · ${formatLanguages(m.model!)}`);
    }
    if (g.promoted) out('  inference workers reload it now');
    return g.version;
  });
}

/** A registry version (`3` or `v3`) or an .onnx file. */
async function openSide(models: ModelRegistry, side: string): Promise<ProductClassifier> {
  const v = /^v?(\d+)$/.exec(side);
  if (!v) return ProductClassifier.fromFile(side);
  const stored = await models.get(Number(v[1]));
  if (!stored) throw new Error(`intent model v${v[1]} is not in the registry`);
  return ProductClassifier.fromBytes(stored.bytes, `v${stored.version}`, stored.version);
}

/**
 * `pnpm npc models diff A B [--on FILE.jsonl …] [--limit N]`: where two versions (or files)
 * disagree — on the held-out split of the current settings, or on labelled files.
 */
export async function diffModelsCommand(a: string, b: string, flags: { on?: string[]; limit?: string }, out: (line: string) => void, err: NodeJS.WritableStream): Promise<void> {
  await withRegistry(err, async ({ config, repos }) => {
    let lines: LabelledLine[];
    let where: string;
    if (flags.on?.length) {
      lines = (await Promise.all(flags.on.map((f) => readLabelled(f)))).flat();
      where = flags.on.join(', ');
    } else {
      const s = trainingSettings(config);
      const set = await buildTrainingSet(repos.learning, { perIntent: s.corpusPerIntent, minSuccessRate: s.minSuccessRate, seed: s.seed });
      lines = set.heldOut.map((e) => ({ text: e.text, intent: e.intent, lang: e.language }));
      where = 'the held-out split';
    }
    const [ca, cb] = [await openSide(repos.models, a), await openSide(repos.models, b)];
    try {
      const d = await diffModels(ca, cb, lines);
      const [na, nb] = [ca.origin, cb.origin];
      out(`${na} vs ${nb} on ${where} (${d.lines} lines): ${na} ${pct(d.aRight / d.lines)} · ${nb} ${pct(d.bRight / d.lines)}`);
      out(`they disagree on ${d.disagreements.length} lines: only ${na} right ${d.onlyA}, only ${nb} right ${d.onlyB}, neither ${d.neither}`);
      if (d.moves.length) out(`  moves (${na} → ${nb}): ${d.moves.slice(0, 10).map((m) => `${m.from} → ${m.to} ${m.count}`).join(', ')}`);
      const limit = flags.limit === undefined ? 30 : Number(flags.limit);
      for (const x of d.disagreements.slice(0, limit)) {
        const mark = (i: string) => (i === x.expected ? '✓' : '✗');
        out(`  ${JSON.stringify(x.text)} [${x.lang}] expected ${x.expected}: ${na} ${x.a.intent} ${mark(x.a.intent)} (${x.a.confidence.toFixed(2)}) · ${nb} ${x.b.intent} ${mark(x.b.intent)} (${x.b.confidence.toFixed(2)})`);
      }
      if (d.disagreements.length > limit) out(`  … ${d.disagreements.length - limit} more (--limit)`);
    } finally {
      await Promise.all([ca.release(), cb.release()]);
    }
  }, 1);
}

/** `pnpm npc models prune [--days N]`: delete rejected and retired models older than the retention period. */
export async function pruneCommand(flags: { days?: string }, out: (line: string) => void, err: NodeJS.WritableStream): Promise<void> {
  await withRegistry(err, async ({ config, repos }) => {
    const days = flags.days === undefined ? config.LEARN_MODEL_RETENTION_DAYS : Number(flags.days);
    if (!(days >= 0)) throw new Error(`--days: a number of days ≥ 0, not "${flags.days}"`);
    const p = await pruneModels(repos.models, days);
    out(days === 0 ? 'retention 0: nothing is pruned' : `pruned ${p.versions.length} model(s)${p.versions.length ? `: ${p.versions.map((v) => `v${v}`).join(', ')}` : ''} (rejected or retired more than ${days} days ago)`);
    for (const e of p.fileErrors) out(`  could not remove ${e}`);
  }, 1);
}
