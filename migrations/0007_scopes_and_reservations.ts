import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * Hardening (issue 11):
 * - API key scope `npc:write`: what a `game` key may do, plus registering NPCs (PUT /v1/npcs/{id})
 *   and world events (POST /v1/events), which a `game` key no longer may.
 * - `llm_calls.reservation_id`: the budget reservation a provider call was made under, so that a
 *   reservation that expired unsettled (its worker crashed or lost Redis) is reconciled against the
 *   ledger row of its call.
 *
 * Expand-only: the previous release runs on this schema (it never writes `npc:write` or the new column).
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').dropConstraint('api_keys_scope_check').execute();
  await db.schema.alterTable('api_keys').addCheckConstraint('api_keys_scope_check', sql`scope in ('game', 'npc:write', 'admin')`).execute();
  await db.schema.alterTable('llm_calls').addColumn('reservation_id', 'uuid').execute();
  await db.schema.createIndex('llm_calls_reservation_idx').on('llm_calls').column('reservation_id').where('reservation_id', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('llm_calls_reservation_idx').ifExists().execute();
  await db.schema.alterTable('llm_calls').dropColumn('reservation_id').execute();
  // An npc:write key becomes a game key (never more than it had).
  await db.updateTable('api_keys').set({ scope: 'game' }).where('scope', '=', 'npc:write').execute();
  await db.schema.alterTable('api_keys').dropConstraint('api_keys_scope_check').execute();
  await db.schema.alterTable('api_keys').addCheckConstraint('api_keys_scope_check', sql`scope in ('game', 'admin')`).execute();
}
