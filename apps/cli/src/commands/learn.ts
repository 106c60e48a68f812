import { LearningWorkerEnv, createLogger, loadConfig, onShutdown } from '@npc/config';
import { createDatabase, createRepositories } from '@npc/persistence';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  EXPORT_FORMATS, buildExport, formatRetrainSummary, formatSettings, ingestOnce, retrainOnce, trainingSettings, writeExport, type ExportFormat, type RetrainSummary, type TrainingSettings,
} from '@npc/learning';
import { startLearningWorker } from '@npc/worker-learning';
import { withRegistry } from './models-connect';

/** A plain-text progress bar: redrawn in place on a terminal, one line per step otherwise. */
export function progressBar(write: (s: string) => void, isTty: boolean, width = 30) {
  return (p: { epoch: number; epochs: number; loss: number }) => {
    const done = Math.round((p.epoch / p.epochs) * width);
    const line = `training [${'#'.repeat(done)}${'-'.repeat(width - done)}] epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}`;
    if (isTty) write(`\r${line}${p.epoch === p.epochs ? '\n' : ''}`);
    else write(`${line}\n`);
  };
}

/** The training-setting flags of `learn --once` and `learn export`, as given on the command line. */
export interface SettingFlags {
  epochs?: string;
  learningRate?: string;
  l2?: string;
  dims?: string;
  seed?: string;
  corpusPerIntent?: string;
}

/** Flags → settings overrides (checked by `trainingSettings`); throws naming a flag that is not a number. */
export function settingsFromFlags(o: SettingFlags): Partial<TrainingSettings> {
  const num = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${flag}: a number, not "${v}"`);
    return n;
  };
  const s: Partial<TrainingSettings> = {
    epochs: num('epochs', o.epochs),
    learningRate: num('learning-rate', o.learningRate),
    l2: num('l2', o.l2),
    featureDims: num('dims', o.dims),
    seed: num('seed', o.seed),
    corpusPerIntent: num('corpus-per-intent', o.corpusPerIntent),
  };
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
}

/**
 * `pnpm npc learn --once [--epochs N …]`: ingest the decisions and feedback stored since the last
 * run, retrain with the given settings (over `LEARN_*`), promote when better (announced to
 * inference workers) — in this process. Progress on stderr, the summary on stdout.
 */
export async function learnOnce(out: (line: string) => void, err: NodeJS.WritableStream & { isTTY?: boolean }, overrides: Partial<TrainingSettings> = {}): Promise<RetrainSummary> {
  trainingSettings(loadConfig(LearningWorkerEnv), overrides); // bad settings fail before anything is read
  return withRegistry(err, async ({ config, repos, publisher }) => {
    err.write('ingesting decisions and feedback…\n');
    const ingest = await ingestOnce({ learning: repos.learning });
    out(`ingested ${ingest.decisions} decisions (${ingest.skipped} without text), ${ingest.feedback} feedback rows, ${ingest.ratings} ratings; ${await repos.learning.countPatterns()} patterns`);
    const summary = await retrainOnce(
      { learning: repos.learning, models: repos.models, config, redis: publisher },
      { reason: 'on-demand', settings: overrides, onProgress: progressBar((s) => err.write(s), err.isTTY === true) },
    );
    out(formatRetrainSummary(summary));
    return summary;
  });
}

export interface ExportFlags extends SettingFlags {
  since?: string;
  format?: string;
  out?: string;
  /** `--no-features` sets this to false. */
  features?: boolean;
}

/**
 * `pnpm npc learn export [--since DATE] [--format jsonl|parquet] [--out FILE]`: the training set
 * as retraining builds it (same settings, split and weights), with the feature spec beside it.
 */
export async function exportTrainingSet(o: ExportFlags, out: (line: string) => void): Promise<{ rows: string; spec: string }> {
  const format = (o.format ?? 'jsonl') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`--format: ${EXPORT_FORMATS.join(' or ')}, not "${o.format}"`);
  const since = o.since === undefined ? undefined : new Date(o.since);
  if (since && Number.isNaN(since.getTime())) throw new Error(`--since: a date or time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z), not "${o.since}"`);
  const config = loadConfig(LearningWorkerEnv);
  const settings = trainingSettings(config, settingsFromFlags(o));
  const file = path.resolve(o.out ?? `training-set.${format}`);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1, applicationName: 'npc-cli-export' });
  try {
    const data = await buildExport(createRepositories(database.db).learning, { settings, ...(since && { since }), features: o.features !== false });
    await mkdir(path.dirname(file), { recursive: true });
    const files = await writeExport(data, file, format);
    const count = (key: 'source' | 'language' | 'split') => {
      const n = new Map<string, number>();
      for (const r of data.rows) n.set(r[key], (n.get(r[key]) ?? 0) + 1);
      return [...n].map(([k, v]) => `${k} ${v}`).join(', ');
    };
    out(`exported ${data.rows.length} examples (${count('split')}; ${count('source')}; ${count('language')})${since ? `, learnt since ${since.toISOString()}` : ''}`);
    out(`  rows          ${files.rows}`);
    out(`  feature spec  ${files.spec}`);
    out(`  settings      ${formatSettings(settings)}`);
    return files;
  } finally {
    await database.close();
  }
}

/** `pnpm npc learn`: the learning worker in the foreground (the same as `apps/worker-learning`), until Ctrl-C. */
export function learnForever(): void {
  const log = createLogger('worker-learning');
  const config = loadConfig(LearningWorkerEnv);
  log.level = config.LOG_LEVEL;
  const running = startLearningWorker(config, log);
  onShutdown(log, () => running.close(), config.SHUTDOWN_TIMEOUT_MS);
}
