import { LlmWorkerEnv, createLogger, loadConfig, onShutdown } from '@npc/config';
import { startLlmWorker } from './worker';

const log = createLogger('worker-llm');
try {
  const config = loadConfig(LlmWorkerEnv);
  log.level = config.LOG_LEVEL;
  const running = startLlmWorker(config, log);
  onShutdown(log, () => running.close(), config.SHUTDOWN_TIMEOUT_MS);
} catch (err) {
  log.fatal({ err }, 'worker-llm failed to start');
  process.exit(1);
}
