import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { closeRedis, createRedis, withTimeout, type InferenceWorkerEnv } from '@npc/config';
import { QUEUES, queuePrefix, redisKeys } from '@npc/contracts';
import { combineIntents } from '@npc/intent-model';
import { deadlinePolicyFrom } from '@npc/agent';
import { createDatabase, createRepositories } from '@npc/persistence';
import {
  Enqueuer, LlmStatusWatcher, agentOptionsFrom, createInferenceStage, logStageFailures, publishInferenceStatus, removeInferenceStatus, stageWorkerOptions, type InferenceWorkerStatus,
} from '@npc/pipeline';
import { InferenceWorkerMetrics } from './metrics';
import { ModelHolder, type ModelSource } from '@npc/learning';
import { loadWorldAtStart } from '@npc/world';

export interface InferenceWorkerOptions {
  /** Where promoted models come from; default the registry in PostgreSQL (`repos.models`). */
  models?: ModelSource;
}

export interface RunningInferenceWorker {
  worker: Worker;
  model: ModelHolder;
  metrics: InferenceWorkerMetrics;
  workerId: string;
  /** The heartbeat this worker would write now. */
  status(): InferenceWorkerStatus;
  /** Finishes the jobs in hand, removes the heartbeat, releases the model, disconnects. */
  close(): Promise<void>;
}

/**
 * The inference worker: config → connections → the promoted model (loaded at start, hot-reloaded
 * on a promotion message and on a registry poll) → a BullMQ Worker on the `inference` queue whose
 * processor calls the inference stage. High concurrency on purpose: concurrent jobs share one model
 * run through the micro-batcher. Without a promoted model the worker stays up and says so in its
 * heartbeat (`modelLoaded: false`), so gateways keep routing to rules; jobs that still arrive are
 * answered with the rules recognizer.
 */
export async function startInferenceWorker(config: InferenceWorkerEnv, log: Logger, opts: InferenceWorkerOptions = {}): Promise<RunningInferenceWorker> {
  loadWorldAtStart(config.WORLD_FILE, log);
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const keys = redisKeys(config.QUEUE_PREFIX);
  const connection = createRedis(config, 'worker', { connectionName: `worker-inference:${process.pid}` });
  const commands = createRedis(config, 'worker', { connectionName: `worker-inference-cmd:${process.pid}` });
  const sub = createRedis(config, 'subscriber', { connectionName: `worker-inference-sub:${process.pid}` });
  for (const c of [connection, commands, sub]) c.on('error', (err: Error) => log.debug({ err: err.message }, 'redis connection error'));

  const database = opts.models
    ? undefined
    : createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-worker-inference' });
  const models: ModelSource = opts.models ?? createRepositories(database!.db).models;

  const metrics = new InferenceWorkerMetrics();
  metrics.start(config, log);
  const model = new ModelHolder(models, {
    device: config.INFERENCE_DEVICE,
    batchMax: config.INFERENCE_BATCH_MAX,
    batchWaitMs: config.INFERENCE_BATCH_WAIT_MS,
    modelDir: config.MODEL_DIR,
    log,
    onBatch: (size, ms) => {
      metrics.batchSize.observe(size);
      metrics.batchSeconds.observe(ms / 1000);
    },
    onLoaded: (version, provider) => {
      metrics.loaded(version, provider);
      metrics.reloads.inc({ outcome: 'loaded' });
    },
    onLoadFailed: () => metrics.reloads.inc({ outcome: 'failed' }),
  });

  metrics.setProvider(model.planned);
  log.info({ device: config.INFERENCE_DEVICE, provider: model.planned }, `execution provider: ${model.planned}`);
  const status = (): InferenceWorkerStatus => ({ at: Date.now(), modelLoaded: model.loaded, version: model.version, provider: model.provider });
  let closing = false;
  let lastBeat: Promise<void> = Promise.resolve();
  const beat = (): Promise<void> => {
    if (closing) return lastBeat;
    lastBeat = publishInferenceStatus(commands, config.QUEUE_PREFIX, workerId, status()).catch((err: unknown) => log.debug({ err: String(err) }, 'inference heartbeat failed'));
    return lastBeat;
  };

  // Hot reload: the promotion message (instant) and a poll (a missed message, a restart of Redis).
  sub.on('message', (channel: string, message: string) => {
    if (channel !== keys.modelPromoted) return;
    log.info({ version: message }, 'model promotion announced');
    void model.check('promoted').then(() => beat());
  });
  const subscribed = sub.subscribe(keys.modelPromoted).catch((err: unknown) => log.warn({ err: String(err) }, 'could not subscribe to model promotions; polling only'));
  await withTimeout(subscribed, 2000).catch(() => undefined);
  await model.check('start');
  const poll = setInterval(() => void model.check('poll').then(() => beat()), config.MODEL_POLL_MS);
  poll.unref();

  const llmQueue = new Queue(QUEUES.llm, { connection: commands, prefix: queuePrefix(config.QUEUE_PREFIX, QUEUES.llm) });
  llmQueue.on('error', (err) => log.debug({ err: err.message }, 'llm queue error'));
  const enqueuer = new Enqueuer({ rules: undefined, inference: undefined, llm: llmQueue }, { windowMs: 0, maxBatch: 200 });
  const llmStatus = new LlmStatusWatcher(commands, config.QUEUE_PREFIX);
  llmStatus.start();

  const stage = createInferenceStage({
    redis: commands,
    prefix: config.QUEUE_PREFIX,
    shards: config.DECISION_SHARDS,
    ttlSeconds: config.DECISION_TTL_S,
    answeredBy: `worker-inference:${hostname()}:${process.pid}`,
    predict: (text) => model.classify(text),
    combine: (rules, prediction) => combineIntents(rules, prediction, { modelConfident: config.MODEL_CONFIDENT }),
    modelConfident: config.MODEL_CONFIDENT,
    llm: { status: llmStatus },
    forward: (queue, envelope) => enqueuer.add(queue, envelope),
    deadlines: deadlinePolicyFrom(config),
    log,
    agentOptions: agentOptionsFrom(config),
  });
  const worker = new Worker(QUEUES.inference, metrics.stage.wrap(QUEUES.inference, (job) => stage(job.data)), stageWorkerOptions(QUEUES.inference, config, connection));
  logStageFailures(worker, log, 'inference');
  worker.on('ready', () =>
    log.info(
      { queue: QUEUES.inference, prefix: config.QUEUE_PREFIX, concurrency: config.WORKER_CONCURRENCY, device: config.INFERENCE_DEVICE, provider: model.provider, version: model.version },
      'inference worker ready',
    ));

  // Heartbeat: the gateways route to inference only while some worker says it has a model loaded.
  await beat();
  const heartbeat = setInterval(() => void beat(), 1000);

  return {
    worker,
    model,
    metrics,
    workerId,
    status,
    async close() {
      closing = true;
      clearInterval(heartbeat);
      clearInterval(poll);
      await lastBeat;
      // Gone from the gateways' view first, so no new job is routed here while the jobs in hand finish.
      await removeInferenceStatus(commands, config.QUEUE_PREFIX, workerId).catch(() => undefined);
      await sub.unsubscribe().catch(() => undefined);
      await worker.close();
      await model.close();
      llmStatus.stop();
      await withTimeout(enqueuer.drain(), 2000).catch(() => log.warn('forwards still pending at shutdown (Redis down?)'));
      await withTimeout(llmQueue.close(), 2000).catch(() => undefined);
      await metrics.close();
      await Promise.all([closeRedis(connection), closeRedis(commands), closeRedis(sub)]);
      await database?.close();
    },
  };
}
