import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * The learning worker (apps/worker-learning): learnt patterns, its read cursors over the decision
 * and feedback tables, and the intent-model registry.
 *
 * - `learned_patterns`: per NPC role, intent and utterance signature (normalised text with numbers,
 *   items, towns and jobs as placeholders), how often it was seen, how it was rated, a few distinct
 *   example texts, the `say` of +1-rated answers and counts by decision source.
 * - `learning_cursors`: how far ingestion has read (`decisions` by (stored_at, id), `feedback` by
 *   (created_at, id)); advanced in the same transaction as the pattern counts.
 * - `intent_models`: every trained model (the ONNX bytes too, so any host can load it); at most one
 *   row is `promoted` (a partial unique index says so).
 *
 * Also indexes the decision and feedback tables by the order ingestion reads them in.
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('learned_patterns')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('positive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('negative', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('examples', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('responses', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sources', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('first_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('learned_patterns_pkey', ['role', 'intent', 'signature'])
    .addCheckConstraint('learned_patterns_counts_check', sql`uses >= 0 and rated >= 0 and positive >= 0 and negative >= 0 and positive + negative <= rated`)
    .execute();
  await db.schema.createIndex('learned_patterns_intent_idx').on('learned_patterns').columns(['intent', 'role']).execute();

  await db.schema
    .createTable('learning_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // null: nothing read yet.
    .addColumn('position_at', 'timestamptz')
    .addColumn('position_id', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('intent_models')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('path', 'text')
    .addColumn('feature_version', 'text', (c) => c.notNull())
    .addColumn('examples', 'integer', (c) => c.notNull())
    .addColumn('held_out', 'integer', (c) => c.notNull())
    .addColumn('accuracy', 'real', (c) => c.notNull())
    .addColumn('baseline_accuracy', 'real')
    .addColumn('metrics', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('promoted_at', 'timestamptz')
    .addCheckConstraint('intent_models_status_check', sql`status in ('candidate', 'promoted', 'rejected', 'retired')`)
    .addCheckConstraint('intent_models_version_check', sql`version > 0`)
    .execute();
  // At most one promoted model.
  await db.schema
    .createIndex('intent_models_one_promoted_idx')
    .on('intent_models')
    .column('status')
    .unique()
    .where('status', '=', 'promoted')
    .execute();

  // Ingestion reads in these orders.
  await db.schema.createIndex('decisions_stored_idx').on('decisions').columns(['stored_at', 'id']).execute();
  await db.schema.createIndex('feedback_created_idx').on('feedback').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('feedback_created_idx').ifExists().execute();
  await db.schema.dropIndex('decisions_stored_idx').ifExists().execute();
  await db.schema.dropTable('intent_models').ifExists().execute();
  await db.schema.dropTable('learning_cursors').ifExists().execute();
  await db.schema.dropTable('learned_patterns').ifExists().execute();
}
