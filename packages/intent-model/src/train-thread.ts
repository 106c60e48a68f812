/**
 * Training off the event loop: `trainInThread` runs `train()` in a worker thread, so the process
 * that asked (the learning worker) keeps renewing its job lock, answering `/metrics` and reading
 * Redis while the epochs run. Same inputs, same model: the thread calls the very same `train()`.
 *
 * The thread starts from `train-thread.worker.mjs`, which registers tsx (the project runs
 * TypeScript without a build step) and then loads `train-thread.worker.ts`.
 */
import { Worker } from 'node:worker_threads';
import type { LabelledText } from './corpus';
import type { TrainOptions, TrainProgress, TrainedModel } from './train';

/** What crosses to the thread: everything of TrainOptions but the progress callback. */
export type ThreadTrainOptions = Omit<TrainOptions, 'onProgress'>;

export interface TrainRequest {
  examples: LabelledText[];
  options: ThreadTrainOptions;
}

export type TrainReply =
  | { kind: 'progress'; progress: TrainProgress }
  | { kind: 'done'; model: TrainedModel }
  | { kind: 'error'; message: string };

const WORKER_URL = new URL('./train-thread.worker.mjs', import.meta.url);

/** `train(examples, options)` in a worker thread; progress is reported on this thread. */
export function trainInThread(examples: readonly LabelledText[], options: TrainOptions = {}): Promise<TrainedModel> {
  const { onProgress, ...rest } = options;
  const request: TrainRequest = { examples: examples.map((e) => ({ text: e.text, intent: e.intent })), options: rest };
  return new Promise<TrainedModel>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: request });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: TrainReply) => {
      if (m.kind === 'progress') onProgress?.(m.progress);
      else if (m.kind === 'done') finish(() => resolve(m.model));
      else finish(() => reject(new Error(`training thread: ${m.message}`)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`training thread exited with code ${code} before finishing`))));
  });
}
