import { BaseEnv, loadConfig } from '@npc/config';
import { createDatabase, migrateDown, migrateToLatest } from '@npc/persistence';

export async function migrate(direction: 'up' | 'down'): Promise<void> {
  const config = loadConfig(BaseEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-cli' });
  try {
    const results = direction === 'up' ? await migrateToLatest(database) : await migrateDown(database);
    if (results.length === 0) console.log(`schema ${config.DATABASE_SCHEMA}: already up to date`);
    for (const r of results) console.log(`schema ${config.DATABASE_SCHEMA}: ${r.direction} ${r.migrationName}: ${r.status}`);
  } finally {
    await database.close();
  }
}
