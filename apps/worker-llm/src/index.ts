export { startLlmWorker, type RunningLlmWorker } from './worker';
