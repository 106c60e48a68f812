import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './db';
import { migrateDown, migrateToLatest } from './migrate';
import { createTestDatabase, DEFAULT_TEST_DATABASE_URL, type TestDatabase } from './test-db';

/** The tables each migration adds, in order. */
const MIGRATIONS: [string, string[]][] = [
  ['0001_init', ['api_keys', 'decisions', 'feedback', 'npcs']],
  ['0002_llm_calls', ['llm_calls']],
  ['0003_agent', ['npc_memories', 'world_events']],
  ['0004_learning', ['intent_models', 'learned_patterns', 'learning_cursors']],
  ['0005_difficulty', ['player_rating_results', 'player_ratings']],
  ['0006_dead_letters', ['dead_letters']],
  ['0007_scopes_and_reservations', []],
  ['0010_learning_workflow', []],
];
/** Tables present after the first `n` migrations. */
const tablesAfter = (n: number) => MIGRATIONS.slice(0, n).flatMap(([, t]) => t).sort();
const TABLES = tablesAfter(MIGRATIONS.length);
const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];
const INDEXES = [
  'dead_letters_pending_idx',
  'decisions_api_key_request_idx',
  'decisions_decided_idx',
  'decisions_npc_decided_idx',
  'decisions_stored_idx',
  'feedback_created_idx',
  'feedback_decision_idx',
  'intent_models_one_promoted_idx',
  'learned_patterns_intent_idx',
  'llm_calls_day_idx',
  'llm_calls_day_provider_idx',
  'llm_calls_decision_idx',
  'llm_calls_reservation_idx',
  'npc_memories_recent_idx',
  'player_rating_results_player_idx',
  'world_events_expires_idx',
];

async function tablesIn(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = $1 order by 1`,
    [schema],
  );
  return rows.map((r) => r.name);
}

async function relationsIn(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 order by 1`,
    [schema],
  );
  return rows.map((r) => r.name);
}

describe('migrations', () => {
  let test: TestDatabase;
  let publicBefore: string[];

  beforeAll(async () => {
    test = await createTestDatabase({ migrate: false });
    publicBefore = await relationsIn(test.database.pool, 'public');
  });
  afterAll(() => test.drop());

  it('go up into the given schema only, with kysely bookkeeping there too', async () => {
    const results = await migrateToLatest(test.database);
    expect(results).toEqual(MIGRATIONS.map(([migrationName]) => ({ migrationName, direction: 'Up', status: 'Success' })));

    const { pool, schema } = test.database;
    expect(await tablesIn(pool, schema)).toEqual([...TABLES, ...KYSELY_TABLES].sort());
    const { rows: indexes } = await pool.query<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = $1 and indexname like '%\\_idx' order by 1`,
      [schema],
    );
    expect(indexes.map((r) => r.indexname)).toEqual(INDEXES);
    // The partial index really is partial.
    const { rows: partial } = await pool.query<{ indexdef: string }>(
      `select indexdef from pg_indexes where schemaname = $1 and indexname = 'decisions_api_key_request_idx'`,
      [schema],
    );
    expect(partial[0]?.indexdef).toMatch(/WHERE \(request_id IS NOT NULL\)/);
    // Nothing was created in public (no table, index or sequence).
    expect(await relationsIn(pool, 'public')).toEqual(publicBefore);
  });

  it('are idempotent: a second run does nothing', async () => {
    expect(await migrateToLatest(test.database)).toEqual([]);
  });

  it('go down and up again', async () => {
    for (let n = MIGRATIONS.length; n > 1; n--) {
      expect(await migrateDown(test.database)).toEqual([{ migrationName: MIGRATIONS[n - 1]![0], direction: 'Down', status: 'Success' }]);
      expect(await tablesIn(test.database.pool, test.schema)).toEqual([...tablesAfter(n - 1), ...KYSELY_TABLES].sort());
    }

    await migrateToLatest(test.database);
    expect(await tablesIn(test.database.pool, test.schema)).toEqual([...TABLES, ...KYSELY_TABLES].sort());

    const all = await migrateDown(test.database, { all: true });
    expect(all.map((r) => [r.migrationName, r.status])).toEqual([...MIGRATIONS].reverse().map(([name]) => [name, 'Success']));
    expect(await tablesIn(test.database.pool, test.schema)).toEqual(KYSELY_TABLES);
    expect(await relationsIn(test.database.pool, 'public')).toEqual(publicBefore);
  });
});

describe('migrateToLatest', () => {
  it('creates the schema when it does not exist', async () => {
    const schema = `t_${randomBytes(8).toString('hex')}`;
    const database = createDatabase({ url: process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL, schema, poolSize: 2 });
    try {
      await migrateToLatest(database);
      expect(await tablesIn(database.pool, schema)).toContain('decisions');
    } finally {
      await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await database.close();
    }
  });

  it('runs a migration numbered below one already applied (numbers are handed out per piece of work and land out of order)', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'npc-migrations-'));
    const test = await createTestDatabase({ migrate: false });
    try {
      const table = (name: string) => `export async function up(db) { await db.schema.createTable('${name}').addColumn('id', 'integer').execute(); }`;
      await writeFile(path.join(folder, '0001_a.mjs'), table('a'));
      await writeFile(path.join(folder, '0010_c.mjs'), table('c'));
      await migrateToLatest(test.database, { migrationFolder: folder });
      await writeFile(path.join(folder, '0006_b.mjs'), table('b'));
      expect((await migrateToLatest(test.database, { migrationFolder: folder })).map((r) => r.migrationName)).toEqual(['0006_b']);
      expect(await tablesIn(test.database.pool, test.schema)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    } finally {
      await test.drop();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('throws naming the failed migration, and leaves nothing half-applied', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'npc-migrations-'));
    const test = await createTestDatabase({ migrate: false });
    try {
      await writeFile(
        path.join(folder, '0001_ok.mjs'),
        `export async function up(db) { await db.schema.createTable('ok').addColumn('id', 'integer').execute(); }`,
      );
      await writeFile(path.join(folder, '0002_boom.mjs'), `export async function up() { throw new Error('boom'); }`);
      await expect(migrateToLatest(test.database, { migrationFolder: folder })).rejects.toThrow(
        /migration of schema "t_[0-9a-f]+" failed in migration 0002_boom: boom/,
      );
      // Migrations run in one transaction: 0001 was rolled back with 0002.
      expect(await tablesIn(test.database.pool, test.schema)).not.toContain('ok');
    } finally {
      await test.drop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
