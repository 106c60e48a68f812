export { startLearningWorker, SCHEDULERS, type RunningLearningWorker } from './worker';
