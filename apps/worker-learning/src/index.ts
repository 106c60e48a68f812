export { signature, PLACEHOLDERS } from './signature';
export { ingestOnce, ingestBatch, DEFAULT_INGEST_BATCH, DEFAULT_SETTLE_MS, type IngestDeps, type IngestOptions, type IngestSummary } from './ingest';
export { buildTrainingSet, DEFAULT_CORPUS_SEED, DEFAULT_LEARNT_WEIGHT, type TrainingSet, type TrainingSetOptions, type TrainingExample } from './training-set';
export { retrainOnce, formatRetrainSummary, type RetrainConfig, type RetrainDeps, type RetrainOptions, type RetrainSummary } from './retrain';
export { ProductClassifier, loadProductClassifier, type ProductPrediction, type ClassifyOptions, type LoadProductOptions } from './product-classifier';
export { startLearningWorker, SCHEDULERS, type RunningLearningWorker } from './worker';
