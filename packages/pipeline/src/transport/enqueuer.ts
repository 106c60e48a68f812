import type { Queue } from 'bullmq';
import type { DecisionEnvelope, DecisionQueue } from '@npc/contracts';
import { toJob } from './job-npc';
import { DECISION_JOB_NAME, DECISION_JOB_OPTIONS } from './queue-options';

interface Pending {
  envelope: DecisionEnvelope;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Coalesces decision jobs into one `addBulk` per queue per tick (or per `windowMs`), which cuts
 * Redis round trips on the hot path. Each `add` resolves once its batch is in Redis. A job carries
 * the NPC by id and version, not the whole NPC (`DecisionJob`; stages resolve it with `StageNpcs`).
 */
export class Enqueuer {
  private readonly buffers = new Map<DecisionQueue, Pending[]>();
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly queues: Record<DecisionQueue, Queue | undefined>,
    private readonly opts: { windowMs: number; maxBatch: number },
  ) {}

  add(queue: DecisionQueue, envelope: DecisionEnvelope): Promise<void> {
    return new Promise((resolve, reject) => {
      let buf = this.buffers.get(queue);
      if (!buf) this.buffers.set(queue, (buf = []));
      buf.push({ envelope, resolve, reject });
      if (buf.length >= this.opts.maxBatch) this.flushQueue(queue);
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      for (const q of [...this.buffers.keys()]) this.flushQueue(q);
    };
    if (this.opts.windowMs <= 0) setImmediate(run);
    else setTimeout(run, this.opts.windowMs);
  }

  private flushQueue(name: DecisionQueue): void {
    const batch = this.buffers.get(name);
    if (!batch || batch.length === 0) return;
    this.buffers.set(name, []);
    const queue = this.queues[name];
    if (!queue) {
      const err = new Error(`queue ${name} is not configured`);
      for (const p of batch) p.reject(err);
      return;
    }
    const jobs = batch.map((p) => ({
      name: DECISION_JOB_NAME,
      data: toJob(p.envelope),
      opts: { ...DECISION_JOB_OPTIONS, jobId: p.envelope.decisionId },
    }));
    const done = queue.addBulk(jobs).then(
      () => batch.forEach((p) => p.resolve()),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Sends whatever is buffered and waits for every batch in flight. */
  async drain(): Promise<void> {
    for (const q of [...this.buffers.keys()]) this.flushQueue(q);
    await Promise.allSettled([...this.inFlight]);
  }
}
