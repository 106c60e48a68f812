import type { Logger } from 'pino';
import { exportOnnx, trainInThread, type TrainProgress } from '@npc/intent-model';
import type { LearningRepository } from '@npc/persistence';
import { submitCandidate, type GateConfig, type GateDeps } from './promotion';
import { featureSpecOf, formatSettings, trainingSettings, type TrainingConfig, type TrainingSettings } from './settings';
import { buildTrainingSet } from './training-set';

/**
 * Retraining: build the training set → train (in a worker thread, so the caller's event loop stays
 * free: a BullMQ job lock keeps being renewed) → export ONNX → the promotion gate (`submitCandidate`:
 * candidate and promoted model on the same held-out split, stored, promoted only when better,
 * announced). The settings used are recorded with the version.
 */

export type RetrainConfig = GateConfig & TrainingConfig;

export interface RetrainDeps extends GateDeps {
  learning: LearningRepository;
  config: RetrainConfig;
  log?: Logger;
}

export interface RetrainOptions {
  onProgress?: (p: TrainProgress) => void;
  /** Settings for this run over the config's (`LEARN_*`). */
  settings?: Partial<TrainingSettings>;
  /** Why (logged and kept in the model's metrics). */
  reason?: string;
}

export interface RetrainSummary {
  version: number;
  settings: TrainingSettings;
  /** Training examples (train split), of which learnt from the live system. */
  examples: number;
  learntExamples: number;
  heldOut: number;
  /** The candidate's accuracy on the held-out split. */
  accuracy: number;
  /** The previously promoted model's accuracy on the same split; null when there was none. */
  baselineAccuracy: number | null;
  baselineVersion: number | null;
  promoted: boolean;
  /** Why it was promoted or rejected. */
  decision: string;
  path: string;
  sha256: string;
  /** Training alone, and the whole retrain. */
  trainMs: number;
  durationMs: number;
}

export async function retrainOnce(deps: RetrainDeps, options: RetrainOptions = {}): Promise<RetrainSummary> {
  const started = performance.now();
  const { config, log } = deps;
  const settings = trainingSettings(config, options.settings);
  const set = await buildTrainingSet(deps.learning, {
    perIntent: settings.corpusPerIntent,
    minSuccessRate: settings.minSuccessRate,
    seed: settings.seed,
    learntWeight: settings.learntWeight,
  });
  if (set.train.length === 0 || set.heldOut.length === 0) throw new Error('retrain: the training set is empty');
  const learntInTrain = set.train.filter((e) => e.origin !== 'corpus').length;
  log?.info({ train: set.train.length, heldOut: set.heldOut.length, learnt: set.learnt, reason: options.reason, settings }, 'retraining the intent model');

  const trainStarted = performance.now();
  const model = await trainInThread(set.train, {
    seed: settings.seed,
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    l2: settings.l2,
    spec: featureSpecOf(settings),
    weights: set.weights,
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  const trainMs = Math.round(performance.now() - trainStarted);

  const version = await deps.models.nextVersion();
  const trainedAt = new Date().toISOString();
  const bytes = exportOnnx(model, {
    version: String(version),
    trained_at: trainedAt,
    examples: String(set.train.length),
    learnt_examples: String(learntInTrain),
    held_out: String(set.heldOut.length),
    corpus_per_intent: String(settings.corpusPerIntent),
    seed: String(settings.seed),
    settings: JSON.stringify(settings),
  });
  const gate = await submitCandidate(deps, {
    bytes,
    version,
    origin: 'trained',
    heldOut: set.heldOut,
    examples: set.train.length,
    settings: { ...settings },
    metrics: {
      reason: options.reason ?? 'on-demand',
      trainedAt,
      trainMs,
      corpus: set.corpus,
      learnt: set.learnt,
      learntInTrain,
      fromPatterns: set.fromPatterns,
      fromLlm: set.fromLlm,
    },
  });
  return {
    version,
    settings,
    examples: set.train.length,
    learntExamples: learntInTrain,
    heldOut: set.heldOut.length,
    accuracy: gate.report.accuracy,
    baselineAccuracy: gate.baseline?.accuracy ?? null,
    baselineVersion: gate.baselineVersion,
    promoted: gate.promoted,
    decision: gate.decision,
    path: gate.path,
    sha256: gate.sha256,
    trainMs,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The summary as a few human lines. */
export function formatRetrainSummary(s: RetrainSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `intent model v${s.version}: ${s.promoted ? 'PROMOTED' : 'rejected'} (${s.decision})`,
    `  settings    ${formatSettings(s.settings)}`,
    `  examples    ${s.examples} (learnt ${s.learntExamples})`,
    `  held-out    ${s.heldOut}`,
    `  accuracy    ${pct(s.accuracy)} on its held-out split${s.baselineAccuracy === null ? '' : `; v${s.baselineVersion} ${pct(s.baselineAccuracy)} on the same split`}`,
    `  file        ${s.path} (sha256 ${s.sha256.slice(0, 12)}…)`,
    `  took        ${(s.durationMs / 1000).toFixed(1)} s (training ${(s.trainMs / 1000).toFixed(1)} s, in a worker thread)`,
  ].join('\n');
}
