import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * The first schema: NPCs, API keys, decisions and feedback.
 *
 * Runs through a `db.withSchema(schema)` instance, so every table and index lands in the
 * configured schema; never reference a table through raw SQL here (the schema plugin does not
 * rewrite raw fragments).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('npcs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('personality', 'jsonb', (c) => c.notNull())
    .addColumn('background', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('services', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('behavior_tree', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('rate_limit_per_min', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addCheckConstraint('api_keys_scope_check', sql`scope in ('game', 'admin')`)
    .addCheckConstraint('api_keys_rate_limit_check', sql`rate_limit_per_min > 0`)
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('request_id', 'text')
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('npc_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('intent_confidence', 'real', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('action_type', 'text', (c) => c.notNull())
    .addColumn('cost_usd', 'numeric(12, 6)', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('reply', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('decisions_npc_decided_idx').on('decisions').columns(['npc_id', 'decided_at']).execute();
  await db.schema.createIndex('decisions_decided_idx').on('decisions').column('decided_at').execute();
  await db.schema
    .createIndex('decisions_api_key_request_idx')
    .on('decisions')
    .columns(['api_key_id', 'request_id'])
    .where('request_id', 'is not', null)
    .execute();

  // No foreign key to decisions: decisions are written asynchronously in batches, so feedback
  // can arrive before its decision row. The API checks that the decision exists.
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('decision_id', 'uuid', (c) => c.notNull())
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'smallint', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('feedback_rating_check', sql`rating in (-1, 0, 1)`)
    .execute();
  await db.schema.createIndex('feedback_decision_idx').on('feedback').column('decision_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feedback').ifExists().execute();
  await db.schema.dropTable('decisions').ifExists().execute();
  await db.schema.dropTable('api_keys').ifExists().execute();
  await db.schema.dropTable('npcs').ifExists().execute();
}
