export { startInferenceWorker, type InferenceWorkerOptions, type RunningInferenceWorker } from './worker';
export { InferenceWorkerMetrics } from './metrics';
