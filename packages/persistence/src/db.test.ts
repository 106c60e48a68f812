import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './db';
import { createTestDatabase, DEFAULT_TEST_DATABASE_URL, withTestDatabase } from './test-db';

const url = process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

async function schemaExists(schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createDatabase', () => {
  it('pings, qualifies queries with the schema and closes idempotently', async () => {
    await withTestDatabase(async ({ database, schema }) => {
      await database.ping();
      const compiled = database.db.selectFrom('npcs').select('id').compile();
      expect(compiled.sql).toBe(`select "id" from "${schema}"."npcs"`);
      expect(database.pool.listenerCount('error')).toBeGreaterThan(0);
    });
  });

  it('survives an error on an idle pooled connection', async () => {
    const errors: Error[] = [];
    const database = createDatabase({ url, schema: 'public', poolSize: 1, onPoolError: (e) => errors.push(e) });
    try {
      await database.ping();
      const { rows } = await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      // Kill the idle connection from another session: the pool emits 'error'.
      const killer = new pg.Client({ connectionString: url });
      await killer.connect();
      await killer.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
      await killer.end();
      await expect.poll(() => errors.length, { timeout: 2000 }).toBeGreaterThan(0);
      await database.ping(); // a fresh connection works
    } finally {
      await database.close();
      await database.close();
    }
  });

  it('fails fast when the database does not answer', async () => {
    // A server that accepts connections and never speaks: without a connect timeout, ping would hang.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const database = createDatabase({ url: `postgres://postgres@127.0.0.1:${port}/test`, schema: 'public', poolSize: 1, connectionTimeoutMillis: 300 });
    const started = Date.now();
    try {
      await expect(database.ping()).rejects.toThrow(/timeout/i);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await database.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails when nothing listens', async () => {
    const database = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/test', schema: 'public', poolSize: 1 });
    try {
      await expect(database.ping()).rejects.toThrow();
    } finally {
      await database.close();
    }
  });

  it('rejects unsafe schema names and pool sizes', () => {
    expect(() => createDatabase({ url, schema: 'x"; drop', poolSize: 1 })).toThrow(/schema name/);
    expect(() => createDatabase({ url, schema: 'Public', poolSize: 1 })).toThrow(/schema name/);
    expect(() => createDatabase({ url, schema: 'ok', poolSize: 0 })).toThrow(/pool size/);
  });
});

describe('createTestDatabase', () => {
  it('makes a unique migrated schema per call and drops it', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    try {
      expect(a.schema).toMatch(/^t_[0-9a-f]{16}$/);
      expect(a.schema).not.toBe(b.schema);
      await a.database.db.insertInto('feedback').values({ id: randomUUID(), decision_id: randomUUID(), api_key_id: 'k', rating: 1 }).execute();
      const countIn = async (t: typeof a) => (await t.database.db.selectFrom('feedback').select('id').execute()).length;
      expect([await countIn(a), await countIn(b)]).toEqual([1, 0]);
      expect(await schemaExists(a.schema)).toBe(true);
    } finally {
      await a.drop();
      await b.drop();
      await a.drop(); // idempotent
    }
    expect(await schemaExists(a.schema)).toBe(false);
    expect(await schemaExists(b.schema)).toBe(false);
  });
});
