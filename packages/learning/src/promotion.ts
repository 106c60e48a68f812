import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisKeys } from '@npc/contracts';
import { evaluate, IntentClassifier, readOnnxInfo, type EvalReport } from '@npc/intent-model';
import type { IntentModelOrigin, ModelRegistry } from '@npc/persistence';
import type { TrainingExample } from './training-set';

/**
 * The promotion gate, one path for every candidate — retrained here or brought from elsewhere
 * (`npc models add`): the candidate and the promoted model are measured on the same held-out split
 * (both loaded through ONNX Runtime on the CPU, as inference would), the candidate is stored (file
 * in MODEL_DIR + registry row with the bytes), and it replaces the promoted model only when `beats`
 * says so; a promotion is announced on `redisKeys(prefix).modelPromoted` (the version), which
 * inference workers hot-reload.
 */

/** A model's held-out report plus its *confident* accuracy: right and at least `confident` sure (what the product acts on). */
export type HeldOutReport = EvalReport & { confidentAccuracy: number };

export type HeldOutExample = Pick<TrainingExample, 'text' | 'intent' | 'language'>;

export async function heldOutReport(bytes: Uint8Array, heldOut: readonly HeldOutExample[], confident: number): Promise<HeldOutReport> {
  const classifier = await IntentClassifier.load(bytes, { device: 'cpu' });
  try {
    const predictions = await classifier.classifyMany(heldOut.map((e) => e.text));
    const report = evaluate(heldOut.map((e, i) => ({ expected: e.intent, predicted: predictions[i]!.intent, lang: e.language, confidence: predictions[i]!.confidence })));
    const sure = heldOut.filter((e, i) => predictions[i]!.intent === e.intent && predictions[i]!.confidence >= confident).length;
    return { ...report, confidentAccuracy: heldOut.length ? sure / heldOut.length : 0 };
  } finally {
    await classifier.release();
  }
}

type GateScores = Pick<HeldOutReport, 'accuracy' | 'confidentAccuracy'>;

/**
 * Promote when strictly more accurate; at equal accuracy, when more of the held-out split is
 * classified right *confidently* (a retrain that makes a learnt phrasing sure, where the old model
 * only guessed it, moves it from the LLM to the model). Deterministic: the same data gives the same
 * model, which never beats itself.
 */
export function beats(candidate: GateScores, baseline: GateScores): boolean {
  if (candidate.accuracy !== baseline.accuracy) return candidate.accuracy > baseline.accuracy;
  return candidate.confidentAccuracy > baseline.confidentAccuracy;
}

export interface GateConfig {
  QUEUE_PREFIX: string;
  /** The inference workers' MODEL_CONFIDENT: a prediction this sure is acted on without the LLM. */
  MODEL_CONFIDENT: number;
  MODEL_DIR: string;
}

export interface GateDeps {
  models: ModelRegistry;
  config: GateConfig;
  /** Publishes the promotion; without it nothing is announced. */
  redis?: Pick<Redis, 'publish'>;
  log?: Logger;
}

export interface Candidate {
  /** The ONNX bytes (self-describing: labels and feature spec in the metadata). */
  bytes: Uint8Array;
  /** Registry version; default the next one. */
  version?: number;
  origin: IntentModelOrigin;
  /** The held-out split both models are measured on. */
  heldOut: readonly HeldOutExample[];
  /** Training examples (0 for an imported model: unknown here). */
  examples: number;
  settings: Record<string, unknown>;
  /** Kept with the model's own (why it was made, what it learnt from, …). */
  metrics: Record<string, unknown>;
}

export interface GateResult {
  version: number;
  report: HeldOutReport;
  baseline: HeldOutReport | null;
  baselineVersion: number | null;
  promoted: boolean;
  /** Why it was promoted or rejected. */
  decision: string;
  path: string;
  sha256: string;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** What the registry keeps of a held-out report (not the raw matrix). */
export const reportMetrics = (r: HeldOutReport) => ({
  confidentAccuracy: r.confidentAccuracy,
  perIntent: r.perIntent,
  perLanguage: r.perLanguage.map(({ lang, total, correct, accuracy }) => ({ lang, total, correct, accuracy })),
  ece: r.calibration?.ece ?? null,
  confusions: r.confusions.slice(0, 20),
});

/** Measures, stores, and promotes or rejects a candidate (see the module comment). */
export async function submitCandidate(deps: GateDeps, candidate: Candidate): Promise<GateResult> {
  const { config, log } = deps;
  const info = readOnnxInfo(candidate.bytes);
  const report = await heldOutReport(candidate.bytes, candidate.heldOut, config.MODEL_CONFIDENT);
  const current = await deps.models.promoted();
  let baseline: HeldOutReport | null = null;
  if (current) {
    try {
      baseline = await heldOutReport(current.bytes, candidate.heldOut, config.MODEL_CONFIDENT);
    } catch (error) {
      // A promoted model this code cannot load (an older feature version): anything loadable beats it.
      log?.warn({ version: current.version, err: error instanceof Error ? error.message : String(error) }, 'promoted model does not load: treated as accuracy 0');
      baseline = { ...evaluate([]), total: candidate.heldOut.length, confidentAccuracy: 0 };
    }
  }
  const better = baseline === null || beats(report, baseline);
  const decision =
    baseline === null
      ? 'no model promoted yet'
      : better
        ? report.accuracy > baseline.accuracy
          ? `beats v${current!.version} (${round(report.accuracy)} > ${round(baseline.accuracy)})`
          : `beats v${current!.version} on confident answers at equal accuracy (${round(report.confidentAccuracy)} > ${round(baseline.confidentAccuracy)})`
        : `not better than v${current!.version} (${round(report.accuracy)} ≤ ${round(baseline.accuracy)}; confident ${round(report.confidentAccuracy)} ≤ ${round(baseline.confidentAccuracy)})`;

  const version = candidate.version ?? (await deps.models.nextVersion());
  const file = path.resolve(config.MODEL_DIR, `intent-v${version}.onnx`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, candidate.bytes);
  await rename(`${file}.tmp`, file);
  const stored = await deps.models.insertCandidate({
    version,
    bytes: candidate.bytes,
    path: file,
    featureVersion: String(info.spec.version),
    examples: candidate.examples,
    heldOut: candidate.heldOut.length,
    accuracy: report.accuracy,
    baselineAccuracy: baseline?.accuracy ?? null,
    origin: candidate.origin,
    settings: candidate.settings,
    metrics: { ...candidate.metrics, decision, baselineVersion: current?.version ?? null, ...reportMetrics(report) },
  });

  if (better) {
    await deps.models.promote(version);
    if (deps.redis) await deps.redis.publish(redisKeys(config.QUEUE_PREFIX).modelPromoted, String(version));
    log?.info({ version, origin: candidate.origin, accuracy: report.accuracy, baseline: baseline?.accuracy ?? null }, `intent model v${version} promoted: ${decision}`);
  } else {
    await deps.models.reject(version, decision);
    log?.info({ version, origin: candidate.origin, accuracy: report.accuracy, baseline: baseline?.accuracy ?? null }, `intent model v${version} rejected: ${decision}`);
  }
  return { version, report, baseline, baselineVersion: current?.version ?? null, promoted: better, decision, path: file, sha256: stored.sha256 };
}
