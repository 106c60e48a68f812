export { startRulesWorker, type RunningRulesWorker } from './worker';
