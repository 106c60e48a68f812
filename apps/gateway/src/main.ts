import { GatewayEnv, createLogger, loadConfig, onShutdown } from '@npc/config';
import { startGateway } from './gateway';

const log = createLogger('gateway');
try {
  const config = loadConfig(GatewayEnv);
  log.level = config.LOG_LEVEL;
  const gateway = await startGateway(config, log);
  onShutdown(log, () => gateway.close(), config.SHUTDOWN_TIMEOUT_MS + 30_000);
} catch (err) {
  log.fatal({ err }, 'gateway failed to start');
  process.exit(1);
}
