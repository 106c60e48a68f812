export { startLearningWorker, SCHEDULERS, type RunningLearningWorker, type LearningWorkerOptions } from './worker';
export { LearningWorkerMetrics } from './metrics';
