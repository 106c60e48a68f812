export { startInferenceWorker, type InferenceWorkerOptions, type RunningInferenceWorker } from './worker';
export { ModelHolder, type ModelSource, type ModelHolderOptions, type InferenceDevice } from './model-holder';
export { InferenceWorkerMetrics } from './metrics';
