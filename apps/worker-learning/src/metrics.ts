import type { Logger } from 'pino';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { WorkerEnv } from '@npc/config';
import type { IngestSummary, PruneSummary, RetrainSummary } from '@npc/learning';
import { StageMetrics, WorkerMetricsPort } from '@npc/pipeline';

/**
 * The learning worker's Prometheus metrics, served on `METRICS_PORT` when set: its jobs (the
 * stage metrics, queue `learning`), ingest lag and rows per batch, retrain duration, the accuracy
 * of the last candidate and of the promoted model on the same held-out split, promotions and
 * rejections, and models pruned.
 */
export class LearningWorkerMetrics {
  readonly stage = new StageMetrics({ app: 'worker_learning' });
  private readonly registers = [this.stage.registry];
  readonly ingestLag = new Gauge({
    name: 'npc_learning_ingest_lag_seconds',
    help: 'Age of the oldest stored decision not ingested yet (0 when caught up), measured after each ingest',
    registers: this.registers,
  });
  readonly ingestRows = new Histogram({
    name: 'npc_learning_ingest_batch_rows',
    help: 'Rows read per ingest batch (one transaction), by kind (decisions, feedback)',
    labelNames: ['kind'] as const,
    buckets: [0, 1, 10, 50, 100, 500, 1000, 2500, 5000],
    registers: this.registers,
  });
  readonly ingested = new Counter({
    name: 'npc_learning_ingested_total',
    help: 'Rows ingested into learnt patterns, by kind (decisions, feedback, ratings)',
    labelNames: ['kind'] as const,
    registers: this.registers,
  });
  readonly retrainSeconds = new Histogram({
    name: 'npc_learning_retrain_seconds',
    help: 'Duration of a retrain (training set, training in a worker thread, the promotion gate), by phase (train, total)',
    labelNames: ['phase'] as const,
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
    registers: this.registers,
  });
  readonly accuracy = new Gauge({
    name: 'npc_learning_model_accuracy',
    help: 'Held-out accuracy at the last retrain: the candidate (model="candidate") and the model promoted at the time, on the same split (model="promoted")',
    labelNames: ['model'] as const,
    registers: this.registers,
  });
  readonly promotedVersion = new Gauge({
    name: 'npc_learning_promoted_version',
    help: 'Registry version promoted after the last retrain (0: none yet)',
    registers: this.registers,
  });
  readonly gate = new Counter({
    name: 'npc_learning_gate_total',
    help: 'Candidates through the promotion gate, by outcome (promoted, rejected)',
    labelNames: ['outcome'] as const,
    registers: this.registers,
  });
  readonly pruned = new Counter({
    name: 'npc_learning_models_pruned_total',
    help: 'Rejected and retired models deleted after the retention period (LEARN_MODEL_RETENTION_DAYS)',
    registers: this.registers,
  });
  private readonly port = new WorkerMetricsPort(this.stage.registry);

  constructor() {
    for (const outcome of ['promoted', 'rejected']) this.gate.inc({ outcome }, 0);
    this.pruned.inc(0);
    this.ingestLag.set(0);
    this.promotedVersion.set(0);
  }

  get registry() {
    return this.stage.registry;
  }

  batch(b: Pick<IngestSummary, 'decisions' | 'feedback' | 'ratings'>): void {
    this.ingestRows.observe({ kind: 'decisions' }, b.decisions);
    this.ingestRows.observe({ kind: 'feedback' }, b.feedback);
    this.ingested.inc({ kind: 'decisions' }, b.decisions);
    this.ingested.inc({ kind: 'feedback' }, b.feedback);
    this.ingested.inc({ kind: 'ratings' }, b.ratings);
  }

  /** After an ingest: when the oldest unread decision was stored (null: caught up). */
  lag(oldestUnread: Date | null, now = Date.now()): void {
    this.ingestLag.set(oldestUnread ? Math.max(0, now - oldestUnread.getTime()) / 1000 : 0);
  }

  retrained(s: RetrainSummary): void {
    this.retrainSeconds.observe({ phase: 'train' }, s.trainMs / 1000);
    this.retrainSeconds.observe({ phase: 'total' }, s.durationMs / 1000);
    this.accuracy.set({ model: 'candidate' }, s.accuracy);
    if (s.baselineAccuracy !== null) this.accuracy.set({ model: 'promoted' }, s.baselineAccuracy);
    const promoted = s.promoted ? s.version : s.baselineVersion;
    if (promoted !== null) this.promotedVersion.set(promoted);
    this.gate.inc({ outcome: s.promoted ? 'promoted' : 'rejected' });
  }

  prunedModels(p: PruneSummary): void {
    this.pruned.inc(p.versions.length);
  }

  start(config: Pick<WorkerEnv, 'METRICS_PORT' | 'METRICS_HOST'>, log: Logger): void {
    this.port.start(config, log);
  }

  close(): Promise<void> {
    return this.port.close();
  }
}
