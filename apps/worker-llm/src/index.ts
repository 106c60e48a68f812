export { startLlmWorker, type RunningLlmWorker } from './worker';
export { LlmWorkerMetrics } from './metrics';
