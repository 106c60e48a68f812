import { LearningWorkerEnv, createLogger, loadConfig, onShutdown } from '@npc/config';
import { startLearningWorker } from './worker';

const log = createLogger('worker-learning');
try {
  const config = loadConfig(LearningWorkerEnv);
  log.level = config.LOG_LEVEL;
  const running = startLearningWorker(config, log);
  onShutdown(log, () => running.close(), config.SHUTDOWN_TIMEOUT_MS);
} catch (err) {
  log.fatal({ err }, 'worker-learning failed to start');
  process.exit(1);
}
