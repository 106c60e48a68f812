import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisKeys } from '@npc/contracts';
import { evaluate, exportOnnx, train } from '@npc/intent-model';
import type { LearningRepository, ModelRegistry } from '@npc/persistence';
import { beats, heldOutReport, type HeldOutReport } from './promotion';
import { buildTrainingSet, DEFAULT_CORPUS_SEED } from './training-set';

/**
 * Retraining: build the training set → train → export ONNX → evaluate the candidate and the
 * promoted model on the same held-out split (both loaded through ONNX Runtime on the CPU, as
 * inference would) → store the candidate (file in MODEL_DIR + registry row with the bytes) →
 * promote it only if it is strictly more accurate than the promoted one (or none is promoted),
 * else reject it. A promotion is announced on `redisKeys(prefix).modelPromoted` (the version).
 */

export interface RetrainConfig {
  QUEUE_PREFIX: string;
  LEARN_CORPUS_PER_INTENT: number;
  LEARN_MIN_SUCCESS_RATE: number;
  /** The inference workers' MODEL_CONFIDENT: a prediction this sure is acted on without the LLM. */
  MODEL_CONFIDENT: number;
  MODEL_DIR: string;
}

export interface RetrainDeps {
  learning: LearningRepository;
  models: ModelRegistry;
  config: RetrainConfig;
  /** Publishes the promotion; without it nothing is announced. */
  redis?: Pick<Redis, 'publish'>;
  log?: Logger;
}

export interface RetrainOptions {
  onProgress?: (p: { epoch: number; epochs: number; loss: number }) => void;
  epochs?: number;
  /** Training and corpus seed. */
  seed?: number;
  /** Why (logged and kept in the model's metrics). */
  reason?: string;
}

export interface RetrainSummary {
  version: number;
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
  durationMs: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export async function retrainOnce(deps: RetrainDeps, options: RetrainOptions = {}): Promise<RetrainSummary> {
  const started = performance.now();
  const { config, log } = deps;
  const seed = options.seed ?? DEFAULT_CORPUS_SEED;
  const set = await buildTrainingSet(deps.learning, {
    perIntent: config.LEARN_CORPUS_PER_INTENT,
    minSuccessRate: config.LEARN_MIN_SUCCESS_RATE,
    seed,
  });
  if (set.train.length === 0 || set.heldOut.length === 0) throw new Error('retrain: the training set is empty');
  const learntInTrain = set.train.filter((e) => e.origin !== 'corpus').length;
  log?.info({ train: set.train.length, heldOut: set.heldOut.length, learnt: set.learnt, reason: options.reason }, 'retraining the intent model');

  const model = train(set.train, {
    seed,
    weights: set.weights,
    ...(options.epochs !== undefined && { epochs: options.epochs }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });

  const current = await deps.models.promoted();
  const version = await deps.models.nextVersion();
  const trainedAt = new Date().toISOString();
  const bytes = exportOnnx(model, {
    version: String(version),
    trained_at: trainedAt,
    examples: String(set.train.length),
    learnt_examples: String(learntInTrain),
    held_out: String(set.heldOut.length),
    corpus_per_intent: String(config.LEARN_CORPUS_PER_INTENT),
    seed: String(seed),
  });

  const candidate = await heldOutReport(bytes, set.heldOut, config.MODEL_CONFIDENT);
  let baseline: HeldOutReport | null = null;
  if (current) {
    try {
      baseline = await heldOutReport(current.bytes, set.heldOut, config.MODEL_CONFIDENT);
    } catch (error) {
      // A promoted model this code cannot load (an older feature version): anything loadable beats it.
      log?.warn({ version: current.version, err: error instanceof Error ? error.message : String(error) }, 'promoted model does not load: treated as accuracy 0');
      baseline = { ...evaluate([]), total: set.heldOut.length, confidentAccuracy: 0 };
    }
  }
  const better = baseline === null || beats(candidate, baseline);
  const decision =
    baseline === null
      ? 'no model promoted yet'
      : better
        ? candidate.accuracy > baseline.accuracy
          ? `beats v${current!.version} (${round(candidate.accuracy)} > ${round(baseline.accuracy)})`
          : `beats v${current!.version} on confident answers at equal accuracy (${round(candidate.confidentAccuracy)} > ${round(baseline.confidentAccuracy)})`
        : `not better than v${current!.version} (${round(candidate.accuracy)} ≤ ${round(baseline.accuracy)}; confident ${round(candidate.confidentAccuracy)} ≤ ${round(baseline.confidentAccuracy)})`;

  const file = path.resolve(config.MODEL_DIR, `intent-v${version}.onnx`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, bytes);
  await rename(`${file}.tmp`, file);
  const info = await deps.models.insertCandidate({
    version,
    bytes,
    path: file,
    featureVersion: String(model.spec.version),
    examples: set.train.length,
    heldOut: set.heldOut.length,
    accuracy: candidate.accuracy,
    baselineAccuracy: baseline?.accuracy ?? null,
    metrics: {
      reason: options.reason ?? 'on-demand',
      decision,
      trainedAt,
      corpus: set.corpus,
      learnt: set.learnt,
      learntInTrain,
      fromPatterns: set.fromPatterns,
      fromLlm: set.fromLlm,
      baselineVersion: current?.version ?? null,
      perIntent: candidate.perIntent,
      confusions: candidate.confusions.slice(0, 20),
    },
  });

  if (better) {
    await deps.models.promote(version);
    if (deps.redis) await deps.redis.publish(redisKeys(config.QUEUE_PREFIX).modelPromoted, String(version));
    log?.info({ version, accuracy: candidate.accuracy, baseline: baseline?.accuracy ?? null }, `intent model v${version} promoted: ${decision}`);
  } else {
    await deps.models.reject(version, decision);
    log?.info({ version, accuracy: candidate.accuracy, baseline: baseline?.accuracy ?? null }, `intent model v${version} rejected: ${decision}`);
  }

  return {
    version,
    examples: set.train.length,
    learntExamples: learntInTrain,
    heldOut: set.heldOut.length,
    accuracy: candidate.accuracy,
    baselineAccuracy: baseline?.accuracy ?? null,
    baselineVersion: current?.version ?? null,
    promoted: better,
    decision,
    path: file,
    sha256: info.sha256,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The summary as a few human lines. */
export function formatRetrainSummary(s: RetrainSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `intent model v${s.version}: ${s.promoted ? 'PROMOTED' : 'rejected'} (${s.decision})`,
    `  examples    ${s.examples} (learnt ${s.learntExamples})`,
    `  held-out    ${s.heldOut}`,
    `  accuracy    ${pct(s.accuracy)} on its held-out split${s.baselineAccuracy === null ? '' : `; v${s.baselineVersion} ${pct(s.baselineAccuracy)} on the same split`}`,
    `  file        ${s.path} (sha256 ${s.sha256.slice(0, 12)}…)`,
    `  took        ${(s.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
