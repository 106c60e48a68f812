import { BaseEnv, loadConfig } from '@npc/config';
import { createDatabase, createRepositories } from '@npc/persistence';

/** Runs `fn` with the repositories of DATABASE_URL / DATABASE_SCHEMA (a 2-connection pool), closed afterwards. */
export async function withRepos<T>(fn: (repos: ReturnType<typeof createRepositories>) => Promise<T>): Promise<T> {
  const config = loadConfig(BaseEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-cli' });
  try {
    return await fn(createRepositories(database.db));
  } finally {
    await database.close();
  }
}
