import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * The ML specialist's workflow (issue 16):
 *
 * - `learned_patterns.languages`: uses by the decision's language (like `sources`), so exported
 *   and trained examples carry a language.
 * - `intent_models.settings`: the training settings of a version (epochs, learning rate, L2,
 *   feature dims, seed, …), or what an imported model declared; `origin`: `trained` here or
 *   `imported` (`npc models add`); `status_at`: when the status last changed, so rejected and
 *   retired models can be pruned after a retention period (backfilled from promoted_at /
 *   created_at).
 *
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('learned_patterns')
    .addColumn('languages', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .alterTable('intent_models')
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('trained'))
    .addColumn('status_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('intent_models').addCheckConstraint('intent_models_origin_check', sql`origin in ('trained', 'imported')`).execute();
  await db.updateTable('intent_models').set({ status_at: sql`coalesce(promoted_at, created_at)` }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('intent_models').dropConstraint('intent_models_origin_check').ifExists().execute();
  await db.schema.alterTable('intent_models').dropColumn('status_at').dropColumn('origin').dropColumn('settings').execute();
  await db.schema.alterTable('learned_patterns').dropColumn('languages').execute();
}
