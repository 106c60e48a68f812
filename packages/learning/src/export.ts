import { writeFile } from 'node:fs/promises';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import type { Intent } from '@npc/contracts';
import { describeFeatures, extractFeatures, shapeFlags } from '@npc/intent-model';
import type { LearningRepository } from '@npc/persistence';
import { normalize } from '@npc/rules';
import { featureSpecOf, type TrainingSettings } from './settings';
import { buildTrainingSet, type TrainingExample } from './training-set';

/**
 * The training set as retraining builds it, written out for another tool (scikit-learn, PyTorch…):
 * one row per example with its label, provenance and split, the normalised text and shape flags
 * the features start from, and the features themselves (sparse: indices and values). A second
 * file, `<out>.features.json`, holds the feature spec (`describeFeatures`) and the training
 * settings, so a model trained elsewhere sees exactly the inputs this product gives it
 * (docs/ml/model-contract.md).
 */

export const EXPORT_FORMATS = ['jsonl', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRow {
  text: string;
  intent: Intent;
  language: string;
  /** Where the example comes from: the generated corpus, a well-rated pattern, an LLM answer. */
  source: TrainingExample['origin'];
  rating: number | null;
  outcome: string | null;
  /** The NPC role (learnt data); null for the corpus. */
  role: string | null;
  split: 'train' | 'held_out';
  /** Training weight (learnt examples count more). */
  weight: number;
  /** The recogniser's normalisation of `text`: what the n-grams are taken over. */
  normalized: string;
  shape: string[];
  feature_indices: number[];
  feature_values: number[];
}

export interface ExportOptions {
  settings: TrainingSettings;
  /** Only learnt data seen since then; the generated corpus is left out (it has no date). */
  since?: Date;
  /** Leave out the feature columns (smaller file; the spec still lets them be computed). */
  features?: boolean;
}

export interface TrainingExport {
  rows: ExportRow[];
  /** The feature spec and hash constants (`describeFeatures`), the settings, the columns. */
  spec: Record<string, unknown>;
}

/** Builds the rows (the same training set, split and weights that `retrainOnce` trains on). */
export async function buildExport(learning: LearningRepository, options: ExportOptions): Promise<TrainingExport> {
  const { settings } = options;
  const spec = featureSpecOf(settings);
  const set = await buildTrainingSet(learning, {
    perIntent: settings.corpusPerIntent,
    minSuccessRate: settings.minSuccessRate,
    seed: settings.seed,
    learntWeight: settings.learntWeight,
    ...(options.since && { since: options.since }),
  });
  const withFeatures = options.features ?? true;
  const row = (e: TrainingExample, split: ExportRow['split'], weight: number): ExportRow => {
    const f = withFeatures ? extractFeatures(e.text, spec) : undefined;
    return {
      text: e.text,
      intent: e.intent,
      language: e.language,
      source: e.origin,
      rating: e.rating,
      outcome: e.outcome,
      role: e.role,
      split,
      weight,
      normalized: normalize(e.text).text,
      shape: shapeFlags(e.text),
      feature_indices: f ? Array.from(f.indices) : [],
      feature_values: f ? Array.from(f.values) : [],
    };
  };
  const keep = (e: TrainingExample) => !options.since || e.origin !== 'corpus';
  const rows = [
    ...set.train.flatMap((e, i) => (keep(e) ? [row(e, 'train', set.weights[i]!)] : [])),
    ...set.heldOut.flatMap((e) => (keep(e) ? [row(e, 'held_out', 1)] : [])),
  ];
  return {
    rows,
    spec: {
      ...describeFeatures(spec),
      settings,
      since: options.since?.toISOString() ?? null,
      features: withFeatures,
      columns: Object.keys(rows[0] ?? row({ text: '', intent: 'unknown', origin: 'corpus', language: 'en', role: null, rating: null, outcome: null }, 'train', 1)),
    },
  };
}

// ── files ───────────────────────────────────────────────────────────────────────────────────────

const STRING_COLUMNS = ['text', 'intent', 'language', 'source', 'outcome', 'role', 'split', 'normalized'] as const;
const list = (name: string, type: 'INT32' | 'FLOAT' | 'BYTE_ARRAY') => [
  { name, repetition_type: 'REQUIRED' as const, num_children: 1, converted_type: 'LIST' as const },
  { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
  { name: 'element', type, repetition_type: 'REQUIRED' as const, ...(type === 'BYTE_ARRAY' && { converted_type: 'UTF8' as const }) },
];

/** The rows as a Parquet file (snappy), the spec in its key-value metadata (`npc.feature_spec`). */
export function toParquet(data: TrainingExport): ArrayBuffer {
  const { rows } = data;
  const column = <K extends keyof ExportRow>(name: K): ColumnSource => ({ name, data: rows.map((r) => r[name]) as ColumnSource['data'] });
  const nullable = (name: string) => ['outcome', 'role'].includes(name);
  const columnData: ColumnSource[] = [
    ...STRING_COLUMNS.map((c) => column(c)),
    column('rating'),
    column('weight'),
    column('shape'),
    column('feature_indices'),
    column('feature_values'),
  ];
  const schema = [
    { name: 'root', num_children: columnData.length },
    ...STRING_COLUMNS.map((name) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: nullable(name) ? ('OPTIONAL' as const) : ('REQUIRED' as const) })),
    { name: 'rating', type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const },
    { name: 'weight', type: 'DOUBLE' as const, repetition_type: 'REQUIRED' as const },
    ...list('shape', 'BYTE_ARRAY'),
    ...list('feature_indices', 'INT32'),
    ...list('feature_values', 'FLOAT'),
  ];
  return parquetWriteBuffer({ columnData, schema, kvMetadata: [{ key: 'npc.feature_spec', value: JSON.stringify(data.spec) }], createdBy: 'npc-brain learn export' });
}

/** One JSON object a line, the columns in `ExportRow` order. */
export function toJsonl(data: TrainingExport): string {
  return data.rows.map((r) => JSON.stringify(r)).join('\n') + (data.rows.length ? '\n' : '');
}

/** Writes `out` (rows) and `<out>.features.json` (spec); returns both paths. */
export async function writeExport(data: TrainingExport, out: string, format: ExportFormat): Promise<{ rows: string; spec: string }> {
  const spec = `${out}.features.json`;
  await writeFile(out, format === 'parquet' ? new Uint8Array(toParquet(data)) : toJsonl(data));
  await writeFile(spec, `${JSON.stringify(data.spec, null, 2)}\n`);
  return { rows: out, spec };
}

/** Reads an exported file back (either format) as rows: what another tool would see. */
export async function readExport(bytes: Uint8Array, format: ExportFormat): Promise<ExportRow[]> {
  if (format === 'jsonl') {
    return new TextDecoder()
      .decode(bytes)
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as ExportRow);
  }
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file })) as unknown as ExportRow[];
}
