import { randomBytes } from 'node:crypto';
import { createDatabase, type DatabaseHandle } from './db';
import { migrateToLatest } from './migrate';

/** The database tests use unless `DATABASE_URL` says otherwise. */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** Connected to a fresh schema holding the migrated tables. */
  database: DatabaseHandle;
  schema: string;
  /** Drops the schema (CASCADE) and closes the pool; safe to call more than once. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Default: `DATABASE_URL`, else the local test database. */
  url?: string;
  /** Default 4. */
  poolSize?: number;
  /** Default true; false leaves the schema empty (to test migrations themselves). */
  migrate?: boolean;
}

/** Creates a uniquely named schema (`t_<random>`), migrates it and connects to it. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const schema = `t_${randomBytes(8).toString('hex')}`;
  const database = createDatabase({
    url: options.url ?? process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
    schema,
    poolSize: options.poolSize ?? 4,
    applicationName: `npc-test-${schema}`,
  });
  let dropping: Promise<void> | undefined;
  const drop = () =>
    (dropping ??= (async () => {
      try {
        await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      } finally {
        await database.close();
      }
    })());
  try {
    if (options.migrate ?? true) await migrateToLatest(database);
    else await database.db.schema.createSchema(schema).execute();
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { database, schema, drop };
}

/** Runs `fn` against a fresh test database and drops it afterwards, whatever happens. */
export async function withTestDatabase<T>(fn: (test: TestDatabase) => Promise<T>, options?: TestDatabaseOptions): Promise<T> {
  const test = await createTestDatabase(options);
  try {
    return await fn(test);
  } finally {
    await test.drop();
  }
}
