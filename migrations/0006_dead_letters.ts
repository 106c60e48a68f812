import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * Dead letters: log entries PostgreSQL refused (or that could not be read), set aside by the
 * stream→PostgreSQL writers so one bad row never stops a log. `payload` is the entry as JSON text
 * (in a `text` column, escaped, so even a NUL inside survives); `log` names the log it came from
 * (`decision-log`, `memory-log`, `llm-ledger`), which also says how to replay it. An operator lists
 * them and replays them (`pnpm npc dead-letters list|replay [ID]`); a replayed one keeps its row
 * with `replayed_at` set.
 *
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dead_letters')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('replay_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_replay_error', 'text')
    .addColumn('replayed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('dead_letters_pending_idx').on('dead_letters').columns(['log', 'id']).where(sql.ref('replayed_at'), 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dead_letters').ifExists().execute();
}
