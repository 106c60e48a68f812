/**
 * @npc/intent-model: an intent classifier trained in TypeScript (softmax regression over hashed
 * text features), exported to ONNX and served by onnxruntime-node (CUDA or CPU), with
 * micro-batching, evaluation, and the product's rules+model combination.
 */
export {
  FEATURE_SPEC, FEATURE_VERSION, SHAPE_FEATURES, checkSpec, describeFeatures, extractFeatures, fillDense, fillDenseZeroed, shapeFlags, type FeatureSpec,
} from './features';
export { generateCorpus, expand, roughen, TEMPLATES, type LabelledText, type CorpusOptions } from './corpus';
export { splitHeldOut } from './split';
export {
  train, predict, probabilities, argmax, DEFAULT_TRAIN,
  type TrainOptions, type TrainProgress, type TrainedModel, type IntentPrediction,
} from './train';
export { trainInThread, type ThreadTrainOptions } from './train-thread';
export {
  exportOnnx, importOnnx, readOnnxInfo, readOnnxGraph, withMetadata, ONNX_OPSET, INPUT_NAME, OUTPUT_NAME, META_LABELS, META_SPEC,
  type OnnxModelInfo, type OnnxGraphInfo, type ModelInput,
} from './onnx-export';
export { adoptModel, type AdoptOptions, type AdoptedModel } from './adopt';
export { IntentClassifier, cudaProviderPresent, ortBindingDir, type ExecutionProvider, type LoadOptions, type LoadLog } from './session';
export { MicroBatcher, type BatchRunner, type MicroBatcherOptions } from './batcher';
export {
  evaluate, formatReport, formatLanguages, DEFAULT_LANGUAGE,
  type EvalReport, type EvalPair, type IntentScore, type Scores, type LanguageReport, type CalibrationBin,
} from './evaluate';
export { combineIntents, INJECTION_CONFIDENCE, type CombineOptions } from './combine';
export { Rng, fnv1a } from './rng';
