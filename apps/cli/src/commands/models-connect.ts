import { LearningWorkerEnv, closeRedis, createRedis, loadConfig, waitReady } from '@npc/config';
import { createDatabase, createRepositories, type Repositories } from '@npc/persistence';

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

export interface RegistryContext {
  config: LearningWorkerEnv;
  repos: Repositories;
  /** Announces a promotion (`redisKeys(prefix).modelPromoted`); never throws. */
  publisher: { publish(channel: string, message: string): Promise<number> };
}

/** Runs `fn` with the learning config, the repositories and a promotion publisher; closes them after. */
export async function withRegistry<T>(err: NodeJS.WritableStream, fn: (ctx: RegistryContext) => Promise<T>, poolSize = 2): Promise<T> {
  const config = loadConfig(LearningWorkerEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize, applicationName: 'npc-cli-learn' });
  const { redis, publisher } = promotionPublisher(config, err);
  try {
    return await fn({ config, repos: createRepositories(database.db), publisher });
  } finally {
    await closeRedis(redis);
    await database.close();
  }
}
