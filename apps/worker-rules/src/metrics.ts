import type { Logger } from 'pino';
import type { WorkerEnv } from '@npc/config';
import { StageMetrics, serveMetrics, type MetricsServer } from '@npc/pipeline';

/**
 * The rules worker's Prometheus metrics: job wait and processing time and outcomes per queue, plus
 * the process defaults. Served on the worker's own port when `METRICS_PORT` is set (default off;
 * see deploy/README.md, "Metrics"). A port already taken is logged, never fatal.
 */
export class RulesWorkerMetrics {
  readonly stage = new StageMetrics({ app: 'worker_rules' });
  private server: Promise<MetricsServer | undefined> = Promise.resolve(undefined);

  get registry() {
    return this.stage.registry;
  }

  start(config: Pick<WorkerEnv, 'METRICS_PORT' | 'METRICS_HOST'>, log: Logger): void {
    if (!config.METRICS_PORT) return;
    this.server = serveMetrics(this.registry, config.METRICS_PORT, config.METRICS_HOST, log).catch((err: unknown) => {
      log.error({ err: String(err), port: config.METRICS_PORT }, 'could not serve metrics (port taken?); the worker runs on without them');
      return undefined;
    });
  }

  async close(): Promise<void> {
    await (await this.server)?.close();
  }
}
