/**
 * @npc/learning: the learning domain, run by apps/worker-learning and the CLI. Decisions and
 * feedback → learnt patterns (ingest, signatures) → a training set → a retrained candidate → the
 * promotion gate → the registry; the product classifier (promoted model + rules) for measuring,
 * and the model holder that inference workers swap promoted models in with.
 */
export { signature, PLACEHOLDERS } from './signature';
export { ingestOnce, ingestBatch, DEFAULT_INGEST_BATCH, DEFAULT_SETTLE_MS, type IngestDeps, type IngestOptions, type IngestSummary } from './ingest';
export { buildTrainingSet, DEFAULT_CORPUS_SEED, DEFAULT_LEARNT_WEIGHT, type TrainingSet, type TrainingSetOptions, type TrainingExample } from './training-set';
export { beats, heldOutReport, submitCandidate, reportMetrics, type HeldOutReport, type HeldOutExample, type Candidate, type GateConfig, type GateDeps, type GateResult } from './promotion';
export { trainingSettings, featureSpecOf, formatSettings, type TrainingSettings, type TrainingConfig } from './settings';
export { retrainOnce, formatRetrainSummary, type RetrainConfig, type RetrainDeps, type RetrainOptions, type RetrainSummary } from './retrain';
export { ProductClassifier, loadProductClassifier, type ProductPrediction, type ClassifyOptions, type LoadProductOptions } from './product-classifier';
export { buildExport, writeExport, readExport, toJsonl, toParquet, EXPORT_FORMATS, type ExportFormat, type ExportRow, type ExportOptions, type TrainingExport } from './export';
export { pruneModels, type PruneSummary } from './prune';
export { readLabelled, type LabelledLine } from './labelled';
export { measure, measurementMetrics, type Measurement } from './measure';
export { renderEvalReport, heatColour, HEAT, type EvalReportInput } from './eval-report';
export { addModel, type AddModelDeps, type AddModelOptions, type AddedModel } from './import-model';
export { diffModels, type ModelDiff, type Disagreement } from './diff';
export { ModelHolder, type ModelSource, type ModelHolderOptions, type InferenceDevice } from './model-holder';
