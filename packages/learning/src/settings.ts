import { DEFAULT_TRAIN, FEATURE_SPEC, type FeatureSpec } from '@npc/intent-model';
import { DEFAULT_CORPUS_SEED, DEFAULT_LEARNT_WEIGHT } from './training-set';

/**
 * The settings of one training run: what an ML specialist tunes (`LEARN_*` for the worker,
 * `npc learn --once --epochs …` for one run), and what the registry records with every version
 * (`intent_models.settings`), so two versions can be compared knowing how each was made.
 */
export interface TrainingSettings {
  epochs: number;
  learningRate: number;
  /** L2 regularisation. */
  l2: number;
  /** Hashed feature dimensions (a power of two). */
  featureDims: number;
  /** Corpus and training seed. */
  seed: number;
  /** Generated examples per intent. */
  corpusPerIntent: number;
  /** A learnt pattern joins training at this success rate. */
  minSuccessRate: number;
  /** Training weight of a learnt example relative to a generated one. */
  learntWeight: number;
}

/** The `LEARN_*` settings (each optional: the trainer's defaults stand in). */
export interface TrainingConfig {
  LEARN_CORPUS_PER_INTENT: number;
  LEARN_MIN_SUCCESS_RATE: number;
  LEARN_EPOCHS?: number;
  LEARN_LEARNING_RATE?: number;
  LEARN_L2?: number;
  LEARN_FEATURE_DIMS?: number;
  LEARN_SEED?: number;
}

/** The config's settings with `overrides` on top; throws naming a bad one. */
export function trainingSettings(config: TrainingConfig, overrides: Partial<TrainingSettings> = {}): TrainingSettings {
  const s: TrainingSettings = {
    epochs: config.LEARN_EPOCHS ?? DEFAULT_TRAIN.epochs,
    learningRate: config.LEARN_LEARNING_RATE ?? DEFAULT_TRAIN.learningRate,
    l2: config.LEARN_L2 ?? DEFAULT_TRAIN.l2,
    featureDims: config.LEARN_FEATURE_DIMS ?? FEATURE_SPEC.dims,
    seed: config.LEARN_SEED ?? DEFAULT_CORPUS_SEED,
    corpusPerIntent: config.LEARN_CORPUS_PER_INTENT,
    minSuccessRate: config.LEARN_MIN_SUCCESS_RATE,
    learntWeight: DEFAULT_LEARNT_WEIGHT,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  const bad = (name: keyof TrainingSettings, why: string) => new Error(`training setting ${name}: ${why}, not ${String(s[name])}`);
  if (!Number.isInteger(s.epochs) || s.epochs < 1) throw bad('epochs', 'a whole number ≥ 1');
  if (!(s.learningRate > 0)) throw bad('learningRate', 'a number > 0');
  if (!(s.l2 >= 0)) throw bad('l2', 'a number ≥ 0');
  if (!Number.isInteger(s.featureDims) || s.featureDims < 2 || (s.featureDims & (s.featureDims - 1)) !== 0) throw bad('featureDims', 'a power of two');
  if (!Number.isInteger(s.seed) || s.seed < 0) throw bad('seed', 'a whole number ≥ 0');
  if (!Number.isInteger(s.corpusPerIntent) || s.corpusPerIntent < 1) throw bad('corpusPerIntent', 'a whole number ≥ 1');
  if (!(s.minSuccessRate >= 0 && s.minSuccessRate <= 1)) throw bad('minSuccessRate', 'a share from 0 to 1');
  if (!(s.learntWeight > 0)) throw bad('learntWeight', 'a number > 0');
  return s;
}

/** The feature spec these settings train with. */
export const featureSpecOf = (s: TrainingSettings): FeatureSpec => ({ ...FEATURE_SPEC, dims: s.featureDims });

/** `epochs 10 · learning rate 0.4 · L2 1e-6 · dims 16384 · seed 1 · corpus 600/intent`. */
export function formatSettings(s: Partial<TrainingSettings>): string {
  const parts: string[] = [];
  if (s.epochs !== undefined) parts.push(`epochs ${s.epochs}`);
  if (s.learningRate !== undefined) parts.push(`learning rate ${s.learningRate}`);
  if (s.l2 !== undefined) parts.push(`L2 ${s.l2}`);
  if (s.featureDims !== undefined) parts.push(`dims ${s.featureDims}`);
  if (s.seed !== undefined) parts.push(`seed ${s.seed}`);
  if (s.corpusPerIntent !== undefined) parts.push(`corpus ${s.corpusPerIntent}/intent`);
  return parts.join(' · ');
}
