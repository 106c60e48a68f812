import type { Logger } from 'pino';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { WorkerEnv } from '@npc/config';
import { StageMetrics, WorkerMetricsPort } from '@npc/pipeline';

/**
 * The inference worker's Prometheus metrics: the stage's job metrics (wait, processing, outcomes),
 * the execution provider in use (`npc_inference_provider{provider="cpu"} 1`), the loaded model
 * version, micro-batch sizes and model reloads. Served on `METRICS_PORT` when set.
 */
export class InferenceWorkerMetrics {
  readonly stage = new StageMetrics({ app: 'worker_inference' });
  readonly provider = new Gauge({
    name: 'npc_inference_provider',
    help: 'The ONNX Runtime execution provider the loaded model runs on (1 for the one in use: cuda or cpu)',
    labelNames: ['provider'] as const,
    registers: [this.stage.registry],
  });
  readonly modelVersion = new Gauge({
    name: 'npc_inference_model_version',
    help: 'Registry version of the intent model loaded (0 while none is loaded)',
    registers: [this.stage.registry],
  });
  readonly modelLoaded = new Gauge({
    name: 'npc_inference_model_loaded',
    help: '1 while a promoted model is loaded (gateways route to this worker only then)',
    registers: [this.stage.registry],
  });
  readonly batchSize = new Histogram({
    name: 'npc_inference_batch_size',
    help: 'Texts per model run (micro-batching across concurrent jobs)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [this.stage.registry],
  });
  readonly batchSeconds = new Histogram({
    name: 'npc_inference_batch_seconds',
    help: 'Time of one model run over a micro-batch',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
    registers: [this.stage.registry],
  });
  readonly reloads = new Counter({
    name: 'npc_inference_model_reloads_total',
    help: 'Model loads by outcome (loaded, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.stage.registry],
  });
  private readonly port = new WorkerMetricsPort(this.stage.registry);

  constructor() {
    this.modelVersion.set(0);
    this.modelLoaded.set(0);
  }

  get registry() {
    return this.stage.registry;
  }

  /** The execution provider in use (or, before a model is loaded, the one the device setting gets). */
  setProvider(provider: string): void {
    this.provider.reset();
    this.provider.set({ provider }, 1);
  }

  /** A model is in use: its version and the provider it runs on. */
  loaded(version: number, provider: string): void {
    this.setProvider(provider);
    this.modelVersion.set(version);
    this.modelLoaded.set(1);
  }

  start(config: Pick<WorkerEnv, 'METRICS_PORT' | 'METRICS_HOST'>, log: Logger): void {
    this.port.start(config, log);
  }

  close(): Promise<void> {
    return this.port.close();
  }
}
