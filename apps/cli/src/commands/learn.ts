import { LearningWorkerEnv, closeRedis, createLogger, createRedis, loadConfig, onShutdown, waitReady } from '@npc/config';
import { redisKeys } from '@npc/contracts';
import { createDatabase, createRepositories } from '@npc/persistence';
import { formatRetrainSummary, ingestOnce, retrainOnce, type RetrainSummary } from '@npc/learning';
import { startLearningWorker } from '@npc/worker-learning';

/** A plain-text progress bar: redrawn in place on a terminal, one line per step otherwise. */
export function progressBar(write: (s: string) => void, isTty: boolean, width = 30) {
  return (p: { epoch: number; epochs: number; loss: number }) => {
    const done = Math.round((p.epoch / p.epochs) * width);
    const line = `training [${'#'.repeat(done)}${'-'.repeat(width - done)}] epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}`;
    if (isTty) write(`\r${line}${p.epoch === p.epochs ? '\n' : ''}`);
    else write(`${line}\n`);
  };
}

/**
 * Announces promotions to the inference workers. Fails fast: an unreachable Redis must not hang the
 * command; the promotion is in PostgreSQL anyway and inference workers also poll the registry.
 */
function promotionPublisher(config: LearningWorkerEnv, err: NodeJS.WritableStream) {
  const redis = createRedis(config, 'producer', { connectionName: `npc-cli-learn:${process.pid}` });
  redis.on('error', () => undefined);
  const publisher = {
    publish: async (channel: string, message: string) => {
      try {
        await waitReady(redis, 3_000); // a fresh fail-fast connection refuses commands until it is ready
        return await redis.publish(channel, message);
      } catch (e) {
        err.write(`npc: could not announce the promotion on Redis (${e instanceof Error ? e.message : String(e)}); inference workers will see it when they poll the registry\n`);
        return 0;
      }
    },
  };
  return { redis, publisher };
}

/**
 * `pnpm npc learn --once`: ingest the decisions and feedback stored since the last run, retrain,
 * promote when better (announced to inference workers) — in this process. Progress on stderr, the
 * summary on stdout.
 */
export async function learnOnce(out: (line: string) => void, err: NodeJS.WritableStream & { isTTY?: boolean }): Promise<RetrainSummary> {
  const config = loadConfig(LearningWorkerEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-cli-learn' });
  const { redis, publisher } = promotionPublisher(config, err);
  try {
    const repos = createRepositories(database.db);
    err.write('ingesting decisions and feedback…\n');
    const ingest = await ingestOnce({ learning: repos.learning });
    out(`ingested ${ingest.decisions} decisions (${ingest.skipped} without text), ${ingest.feedback} feedback rows, ${ingest.ratings} ratings; ${await repos.learning.countPatterns()} patterns`);
    const summary = await retrainOnce(
      { learning: repos.learning, models: repos.models, config, redis: publisher },
      { reason: 'on-demand', onProgress: progressBar((s) => err.write(s), err.isTTY === true) },
    );
    out(formatRetrainSummary(summary));
    return summary;
  } finally {
    await closeRedis(redis);
    await database.close();
  }
}

/** `pnpm npc learn`: the learning worker in the foreground (the same as `apps/worker-learning`), until Ctrl-C. */
export function learnForever(): void {
  const log = createLogger('worker-learning');
  const config = loadConfig(LearningWorkerEnv);
  log.level = config.LOG_LEVEL;
  const running = startLearningWorker(config, log);
  onShutdown(log, () => running.close(), config.SHUTDOWN_TIMEOUT_MS);
}

/** `pnpm npc models`: the registry, newest first. */
export async function listModels(out: (line: string) => void): Promise<void> {
  const config = loadConfig(LearningWorkerEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1, applicationName: 'npc-cli' });
  try {
    const models = await createRepositories(database.db).models.list();
    if (models.length === 0) out('no intent models yet (run: pnpm npc learn --once)');
    for (const m of models) {
      const base = m.baselineAccuracy === null ? '' : `  baseline ${(m.baselineAccuracy * 100).toFixed(1)}%`;
      out(`v${m.version}  ${m.status.padEnd(9)}  accuracy ${(m.accuracy * 100).toFixed(1)}%${base}  examples ${m.examples}  held-out ${m.heldOut}  ${m.createdAt.toISOString()}`);
    }
  } finally {
    await database.close();
  }
}

/**
 * `pnpm npc models --promote N`: make version N the promoted model (a rollback to an earlier
 * version, or a rejected candidate an operator trusts); inference workers hot-reload it.
 */
export async function promoteModel(version: number, out: (line: string) => void, err: NodeJS.WritableStream): Promise<void> {
  const config = loadConfig(LearningWorkerEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1, applicationName: 'npc-cli' });
  const { redis, publisher } = promotionPublisher(config, err);
  try {
    const { promoted, retired } = await createRepositories(database.db).models.promote(version);
    await publisher.publish(redisKeys(config.QUEUE_PREFIX).modelPromoted, String(promoted.version));
    out(`v${promoted.version} promoted${retired === null ? '' : ` (v${retired} retired)`}; inference workers reload it`);
  } finally {
    await closeRedis(redis);
    await database.close();
  }
}
