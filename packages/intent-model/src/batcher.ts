/**
 * Micro-batching across concurrent callers: `classify()` queues one text; the queue is run as one
 * batch when it reaches `maxBatch` or `maxWaitMs` after its first text, whichever comes first.
 * Up to `maxInFlight` batches run at once (feature extraction of the next overlaps inference of
 * the last); beyond that texts wait in the queue, and when a batch finishes whatever is queued
 * goes at once (so under load batches grow, and when idle a text never waits more than
 * `maxWaitMs`). `setRunner()` swaps the runner: batches already running finish on the old one.
 */
import type { IntentPrediction } from './train';

export type BatchRunner = (texts: string[]) => Promise<IntentPrediction[]>;

export interface MicroBatcherOptions {
  /** Largest batch (default 256). */
  maxBatch?: number;
  /** Longest a queued text waits for company (default 2 ms; 0 = the end of the current turn). */
  maxWaitMs?: number;
  /** Batches running at once (default 2). */
  maxInFlight?: number;
}

interface Pending {
  text: string;
  resolve: (p: IntentPrediction) => void;
  reject: (err: unknown) => void;
}

export class MicroBatcher {
  readonly stats = { batches: 0, items: 0, maxBatchSeen: 0 };
  private run: BatchRunner;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(run: BatchRunner, opts: MicroBatcherOptions = {}) {
    this.run = run;
    this.maxBatch = Math.max(1, Math.floor(opts.maxBatch ?? 256));
    this.maxWaitMs = Math.max(0, opts.maxWaitMs ?? 2);
    this.maxInFlight = Math.max(1, Math.floor(opts.maxInFlight ?? 2));
  }

  classify(text: string): Promise<IntentPrediction> {
    return new Promise<IntentPrediction>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (this.timer === undefined) {
        this.timer = this.maxWaitMs === 0 ? setImmediate(() => this.onTimer()) : setTimeout(() => this.onTimer(), this.maxWaitMs);
      }
    });
  }

  /** Swaps the runner; batches already started finish on the old one, queued texts use the new one. */
  setRunner(run: BatchRunner): void {
    this.run = run;
  }

  /** Runs whatever is queued and waits until every batch started so far has settled. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      if (this.queue.length > 0) this.flush();
      if (this.inFlight.size > 0) await Promise.race([...this.inFlight]);
    }
  }

  /** Texts queued and not yet sent. */
  get queued(): number {
    return this.queue.length;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.flush();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  private flush(): void {
    this.clearTimer();
    while (this.queue.length > 0 && this.inFlight.size < this.maxInFlight) {
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
      this.start(batch);
    }
  }

  private start(batch: Pending[]): void {
    const run = this.run;
    this.stats.batches++;
    this.stats.items += batch.length;
    if (batch.length > this.stats.maxBatchSeen) this.stats.maxBatchSeen = batch.length;
    const texts = batch.map((p) => p.text);
    let job: Promise<IntentPrediction[]>;
    try {
      job = run(texts);
    } catch (err) {
      job = Promise.reject(err);
    }
    const done: Promise<void> = job.then(
      (results) => {
        if (!Array.isArray(results) || results.length !== batch.length) {
          const err = new Error(`MicroBatcher: runner returned ${Array.isArray(results) ? results.length : typeof results} results for ${batch.length} texts`);
          for (const p of batch) p.reject(err);
          return;
        }
        for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
      },
      (err: unknown) => {
        for (const p of batch) p.reject(err);
      },
    ).finally(() => {
      this.inFlight.delete(done);
      // Whatever queued up meanwhile goes now (it has waited for a free slot already).
      if (this.queue.length > 0) this.flush();
    });
    this.inFlight.add(done);
  }
}
