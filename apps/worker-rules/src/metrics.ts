import type { Logger } from 'pino';
import type { WorkerEnv } from '@npc/config';
import { StageMetrics, WorkerMetricsPort } from '@npc/pipeline';

/**
 * The rules worker's Prometheus metrics: job wait and processing time and outcomes per queue, plus
 * the process defaults. Served on the worker's own port when `METRICS_PORT` is set (default off;
 * see deploy/README.md, "Metrics"). A port already taken is logged, never fatal.
 */
export class RulesWorkerMetrics {
  readonly stage = new StageMetrics({ app: 'worker_rules' });
  private readonly port = new WorkerMetricsPort(this.stage.registry);

  get registry() {
    return this.stage.registry;
  }

  start(config: Pick<WorkerEnv, 'METRICS_PORT' | 'METRICS_HOST'>, log: Logger): void {
    this.port.start(config, log);
  }

  close(): Promise<void> {
    return this.port.close();
  }
}
