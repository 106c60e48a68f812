/** Runs in the training thread (started by `trainInThread`): train, report progress, hand the model back. */
import { parentPort, workerData } from 'node:worker_threads';
import { train } from './train';
import type { TrainReply, TrainRequest } from './train-thread';

const port = parentPort!;
const send = (m: TrainReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  const { examples, options } = workerData as TrainRequest;
  const model = train(examples, { ...options, onProgress: (progress) => send({ kind: 'progress', progress }) });
  // The weights move to the caller instead of being copied.
  send({ kind: 'done', model }, [model.weights.buffer as ArrayBuffer, model.bias.buffer as ArrayBuffer]);
} catch (err) {
  send({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
}
