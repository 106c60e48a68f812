import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema';

/** A valid, unquoted PostgreSQL schema name (what `DATABASE_SCHEMA` allows). */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface DatabaseOptions {
  /** postgres://user@host:port/db */
  url: string;
  /** Schema holding the tables; every query is qualified with it (no `search_path`). */
  schema: string;
  /** Most connections this process opens. */
  poolSize: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Give up opening a connection after this long (default 2000 ms), so an unreachable database fails fast. */
  connectionTimeoutMillis?: number;
  /** Close connections idle this long (default 30000 ms). */
  idleTimeoutMillis?: number;
  /** Client-side limit on one query (default: none). */
  queryTimeoutMillis?: number;
  /** Errors of idle pooled connections (server restart, network). Default: a process warning. */
  onPoolError?: (error: Error) => void;
}

export interface DatabaseHandle {
  /** Every query built from it is qualified with `schema`. */
  db: Kysely<Database>;
  pool: pg.Pool;
  schema: string;
  /** Resolves when PostgreSQL answers `select 1`; rejects (fast) when it does not. */
  ping(): Promise<void>;
  /** Ends the pool; safe to call more than once. */
  close(): Promise<void>;
  /** Calls `listener` with the SQL of every query this handle runs (tests count queries with it); returns the unsubscribe. */
  onQuery(listener: (sql: string) => void): () => void;
}

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  const { url, schema, poolSize } = options;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid database schema name: ${JSON.stringify(schema)}`);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`invalid database pool size: ${poolSize}`);

  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    ...(options.applicationName !== undefined && { application_name: options.applicationName }),
    ...(options.queryTimeoutMillis !== undefined && { query_timeout: options.queryTimeoutMillis }),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that kills the process.
  const onPoolError =
    options.onPoolError ?? ((error: Error) => process.emitWarning(`PostgreSQL pool: ${error.message}`, 'PgPoolWarning'));
  pool.on('error', onPoolError);
  // A client checked out of the pool (a transaction between two statements, say) has no error
  // listener of pg's own: a dropped connection would then crash the process. Its query fails
  // (and the caller retries); the process must not.
  pool.on('connect', (client) => client.on('error', onPoolError));

  const queryListeners = new Set<(sql: string) => void>();
  const root = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      for (const listener of queryListeners) listener(event.query.sql);
    },
  });
  const db = root.withSchema(schema);

  let closing: Promise<void> | undefined;
  return {
    db,
    pool,
    schema,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closing ??= root.destroy();
      return closing;
    },
    onQuery(listener) {
      queryListeners.add(listener);
      return () => queryListeners.delete(listener);
    },
  };
}
