import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { build as buildHistogram } from 'hdr-histogram-js';

export interface LoadFigures {
  label: string;
  completed: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * The naive baseline the product is compared with: bare BullMQ in one process. `Queue.add` → a
 * `Worker` that returns at once → `job.waitUntilFinished(queueEvents)`, `concurrency` in flight.
 */
export async function runBaseline(opts: { redisUrl: string; prefix: string; concurrency: number; seconds: number }): Promise<LoadFigures> {
  const connection = { url: opts.redisUrl, maxRetriesPerRequest: null };
  const name = 'baseline';
  const queue = new Queue(name, { connection: new Redis(opts.redisUrl, { maxRetriesPerRequest: null }), prefix: opts.prefix });
  queue.setMaxListeners(0); // one 'closing' listener per add in flight
  const events = new QueueEvents(name, { connection, prefix: opts.prefix });
  const worker = new Worker(name, async () => ({ ok: true }), { connection, prefix: opts.prefix, concurrency: opts.concurrency });
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  const hist = buildHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let completed = 0;
  let errors = 0;
  const t0 = performance.now();
  const until = t0 + opts.seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const s = performance.now();
      try {
        // Completed jobs are kept for a short age: removeOnComplete: true breaks waitUntilFinished.
        const job = await queue.add('x', { t: s }, { removeOnComplete: { age: 30 }, removeOnFail: { age: 30 } });
        await job.waitUntilFinished(events, 10_000);
        hist.recordValue(Math.round((performance.now() - s) * 1000));
        completed++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const seconds = (performance.now() - t0) / 1000;
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const ms = (q: number) => hist.getValueAtPercentile(q) / 1000;
  return { label: 'naive BullMQ round trip', completed, errors, seconds, perSecond: completed / seconds, p50: ms(50), p90: ms(90), p99: ms(99) };
}
