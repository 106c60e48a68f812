import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const TIME_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30];

/**
 * A stage worker's job metrics: time waiting in the queue (`processedOn − timestamp`), time being
 * processed, and jobs by outcome, per queue. `wrap` puts them around a BullMQ processor.
 */
export class StageMetrics {
  readonly registry: Registry;
  readonly wait: Histogram<'queue'>;
  readonly processing: Histogram<'queue' | 'outcome'>;
  readonly jobs: Counter<'queue' | 'outcome'>;

  constructor(opts: { app: string; registry?: Registry; defaultMetrics?: boolean }) {
    this.registry = opts.registry ?? new Registry();
    const registers = [this.registry];
    this.wait = new Histogram({
      name: 'npc_queue_wait_seconds',
      help: 'Time a job waited in its queue before a worker took it (processedOn - timestamp)',
      labelNames: ['queue'] as const,
      buckets: TIME_BUCKETS,
      registers,
    });
    this.processing = new Histogram({
      name: 'npc_queue_processing_seconds',
      help: 'Time a worker spent on a job (finishedOn - processedOn), by outcome',
      labelNames: ['queue', 'outcome'] as const,
      buckets: TIME_BUCKETS,
      registers,
    });
    this.jobs = new Counter({
      name: 'npc_queue_jobs_processed_total',
      help: 'Jobs processed by this worker, by queue and outcome (answered, already-answered, forwarded, failed)',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    });
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: `npc_${opts.app.replace(/[^a-z0-9_]/gi, '_')}_` });
  }

  /** Wraps a processor so every job is timed and counted; the result and errors pass through. */
  wrap<R>(queue: string, processor: (job: Job) => Promise<R>): (job: Job) => Promise<R> {
    return async (job: Job) => {
      const started = Date.now();
      this.wait.observe({ queue }, Math.max(0, (job.processedOn ?? started) - job.timestamp) / 1000);
      const t0 = performance.now();
      let outcome = 'failed';
      try {
        const result = await processor(job);
        const o = (result as { outcome?: unknown } | undefined)?.outcome;
        outcome = typeof o === 'string' ? o : 'done';
        return result;
      } finally {
        this.processing.observe({ queue, outcome }, (performance.now() - t0) / 1000);
        this.jobs.inc({ queue, outcome });
      }
    };
  }
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `registry` at `http://host:port/metrics` (a worker's own metrics port, `METRICS_PORT`).
 * Anything else answers 404. Bind it to loopback or a private interface: it has no auth.
 */
export async function serveMetrics(registry: Registry, port: number, host: string, log?: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"only GET /metrics here"}}');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => {
        log?.warn({ err: String(err) }, 'metrics collection failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/metrics`;
  log?.info({ url }, 'metrics served');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A worker's optional metrics port: serves `registry` when `METRICS_PORT` is set; a port already
 * taken is logged and the worker runs on without it.
 */
export class WorkerMetricsPort {
  private server: Promise<MetricsServer | undefined> = Promise.resolve(undefined);

  constructor(private readonly registry: Registry) {}

  start(config: { METRICS_PORT: number; METRICS_HOST: string }, log: Logger): void {
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
