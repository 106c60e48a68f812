import { adoptModel } from '@npc/intent-model';
import { readLabelled } from './labelled';
import { measure, measurementMetrics, type Measurement } from './measure';
import { ProductClassifier } from './product-classifier';
import { submitCandidate, type GateDeps, type GateResult } from './promotion';
import type { TrainingSettings } from './settings';
import { buildTrainingSet } from './training-set';
import type { LearningRepository } from '@npc/persistence';

/**
 * Bring your own model (`npc models add FILE.onnx`): a model trained elsewhere is checked against
 * the contract (`adoptModel`), measured on the same held-out split as a retrain would be (the
 * training set of these settings), put through the same promotion gate — promoted and announced
 * to the inference workers only when it beats the promoted model — and measured on evaluation
 * files too (kept in its metrics; never used to decide).
 */

export interface AddModelDeps extends GateDeps {
  learning: LearningRepository;
}

export interface AddModelOptions {
  /** The file's name (kept in the metrics). */
  file: string;
  /** The intents of its output columns, when its metadata does not name them. */
  labels?: readonly string[];
  /** The settings whose held-out split it is measured on (the same as the next retrain's). */
  settings: TrainingSettings;
  /** Labelled files to measure it on as well (`../shared/eval/*.jsonl`). */
  evalFiles?: readonly string[];
  modelConfident?: number;
}

export interface AddedModel {
  gate: GateResult;
  input: 'features' | 'text';
  labels: string[];
  evals: { file: string; measurement: Measurement }[];
}

export async function addModel(deps: AddModelDeps, bytes: Uint8Array, options: AddModelOptions): Promise<AddedModel> {
  const adopted = await adoptModel(bytes, options.labels ? { labels: options.labels } : {});
  // Files are read before anything is stored: a bad one fails the command, not half of it.
  const files = await Promise.all((options.evalFiles ?? []).map(async (file) => ({ file, lines: await readLabelled(file) })));
  const { settings } = options;
  const set = await buildTrainingSet(deps.learning, { perIntent: settings.corpusPerIntent, minSuccessRate: settings.minSuccessRate, seed: settings.seed, learntWeight: settings.learntWeight });
  const declared = Object.fromEntries(Object.entries(adopted.info.meta).filter(([k]) => !k.startsWith('npc.')));
  const gate = await submitCandidate(deps, {
    bytes: adopted.bytes,
    origin: 'imported',
    heldOut: set.heldOut,
    examples: 0,
    settings: { input: adopted.info.input.kind, labels: adopted.info.labels, ...(adopted.info.input.kind === 'features' && { featureSpec: adopted.info.spec }), declared },
    metrics: { file: options.file, fileSha256: adopted.fileSha256, producer: adopted.producer, opset: adopted.info.opset, heldOutSettings: settings },
  });
  const evals: AddedModel['evals'] = [];
  if (files.length > 0) {
    const classifier = await ProductClassifier.fromBytes(adopted.bytes, `registry v${gate.version}`, gate.version);
    try {
      for (const f of files) evals.push({ file: f.file, measurement: await measure(classifier, f.lines, options.modelConfident) });
    } finally {
      await classifier.release();
    }
    await deps.models.addMetrics(gate.version, { evals: evals.map((e) => ({ file: e.file, ...measurementMetrics(e.measurement) })) });
  }
  return { gate, input: adopted.info.input.kind, labels: adopted.info.labels, evals };
}
