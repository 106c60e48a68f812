import { InferenceWorkerEnv, createLogger, loadConfig, onShutdown } from '@npc/config';
import { startInferenceWorker } from './worker';

const log = createLogger('worker-inference');
try {
  const config = loadConfig(InferenceWorkerEnv);
  log.level = config.LOG_LEVEL;
  const running = await startInferenceWorker(config, log);
  onShutdown(log, () => running.close(), config.SHUTDOWN_TIMEOUT_MS);
} catch (err) {
  log.fatal({ err }, 'worker-inference failed to start');
  process.exit(1);
}
