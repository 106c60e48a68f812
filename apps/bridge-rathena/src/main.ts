import { createLogger, loadConfig, onShutdown } from '@npc/config';
import { startBridge } from './bridge';
import { BridgeEnv } from './config';

const log = createLogger('bridge-rathena');
try {
  const config = loadConfig(BridgeEnv);
  log.level = config.LOG_LEVEL;
  const bridge = startBridge(config, log);
  onShutdown(log, () => bridge.close(), config.SHUTDOWN_TIMEOUT_MS);
} catch (err) {
  log.fatal({ err }, 'bridge-rathena failed to start');
  process.exit(1);
}
