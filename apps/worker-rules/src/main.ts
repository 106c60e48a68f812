import { WorkerEnv, createLogger, loadConfig, onShutdown } from '@npc/config';
import { startRulesWorker } from './worker';

const log = createLogger('worker-rules');
try {
  const config = loadConfig(WorkerEnv);
  log.level = config.LOG_LEVEL;
  const running = startRulesWorker(config, log);
  onShutdown(log, () => running.close(), config.SHUTDOWN_TIMEOUT_MS);
} catch (err) {
  log.fatal({ err }, 'worker-rules failed to start');
  process.exit(1);
}
