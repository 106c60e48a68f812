import type { Queue } from 'bullmq';
import { shardOf, type DecisionEnvelope, type DecisionQueue } from '@npc/contracts';
import { toJob } from './job-npc';
import { DECISION_JOB_NAME, DECISION_JOB_OPTIONS } from './queue-options';

const isSharded = (q: Queue | readonly Queue[] | undefined): q is readonly Queue[] => Array.isArray(q);

interface Pending {
  envelope: DecisionEnvelope;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Coalesces decision jobs into one `addBulk` per queue per tick (or per `windowMs`), which cuts
 * Redis round trips on the hot path. Each `add` resolves once its batch is in Redis. A job carries
 * the NPC by id and version, not the whole NPC (`DecisionJob`; stages resolve it with `StageNpcs`).
 * A queue given as several (the rules queue with RULES_QUEUE_SHARDS > 1) gets each job in the
 * one of its decision's hash (`shardOf(decisionId, n)`).
 */
export class Enqueuer {
  private readonly buffers = new Map<Queue, Pending[]>();
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly queues: Record<DecisionQueue, Queue | readonly Queue[] | undefined>,
    private readonly opts: { windowMs: number; maxBatch: number },
  ) {}

  add(queue: DecisionQueue, envelope: DecisionEnvelope): Promise<void> {
    const target = this.target(queue, envelope.decisionId);
    if (!target) return Promise.reject(new Error(`queue ${queue} is not configured`));
    return new Promise((resolve, reject) => {
      let buf = this.buffers.get(target);
      if (!buf) this.buffers.set(target, (buf = []));
      buf.push({ envelope, resolve, reject });
      if (buf.length >= this.opts.maxBatch) this.flushQueue(target);
      else this.schedule();
    });
  }

  private target(name: DecisionQueue, decisionId: string): Queue | undefined {
    const q = this.queues[name];
    return isSharded(q) ? q[shardOf(decisionId, q.length)] : q;
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

  private flushQueue(queue: Queue): void {
    const batch = this.buffers.get(queue);
    if (!batch || batch.length === 0) return;
    this.buffers.set(queue, []);
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
