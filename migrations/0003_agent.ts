import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * The agent layer (issue 5): NPC memories of players (the durable copy of the Redis hot set, fed
 * through the `mem-log` stream) and world events (shared knowledge from `POST /v1/events`).
 *
 * `npc_memories` holds episodes and at most one reflection (`id = 'reflection'`) per NPC and
 * player; folding episodes into the reflection deletes them. `facts` / `tally` are jsonb.
 *
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('npc_memories')
    .addColumn('npc_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('importance', 'real', (c) => c.notNull())
    .addColumn('facts', 'jsonb')
    .addColumn('tally', 'jsonb')
    .addColumn('player_name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('npc_memories_pkey', ['npc_id', 'player_id', 'id'])
    .addCheckConstraint('npc_memories_importance_check', sql`importance >= 0 and importance <= 1`)
    .execute();
  await db.schema.createIndex('npc_memories_recent_idx').on('npc_memories').columns(['npc_id', 'player_id', 'created_at']).execute();

  await db.schema
    .createTable('world_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('map', 'text')
    .addColumn('item', 'text')
    .addColumn('price_factor', 'real')
    .addColumn('importance', 'real', (c) => c.notNull())
    .addColumn('npc_ids', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('world_events_expires_idx').on('world_events').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('world_events').ifExists().execute();
  await db.schema.dropTable('npc_memories').ifExists().execute();
}
