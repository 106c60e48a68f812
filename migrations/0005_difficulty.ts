import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * Difficulty scaling: each player's skill rating (OpenSkill mu/sigma and a tally), updated from
 * quest and combat results reported through feedback, and the decisions already counted (one
 * rated result per decision: repeating a feedback never moves the rating twice).
 *
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('player_ratings')
    .addColumn('player_id', 'text', (c) => c.primaryKey())
    .addColumn('mu', 'double precision', (c) => c.notNull())
    .addColumn('sigma', 'double precision', (c) => c.notNull())
    .addColumn('matches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('losses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('player_ratings_sigma_check', sql`sigma > 0`)
    .addCheckConstraint('player_ratings_tally_check', sql`matches >= 0 and wins >= 0 and losses >= 0 and wins + losses = matches`)
    .execute();

  await db.schema
    .createTable('player_rating_results')
    .addColumn('decision_id', 'uuid', (c) => c.primaryKey())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('mu_before', 'double precision', (c) => c.notNull())
    .addColumn('mu_after', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('player_rating_results_result_check', sql`result in ('success', 'failure')`)
    .execute();
  await db.schema.createIndex('player_rating_results_player_idx').on('player_rating_results').columns(['player_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('player_rating_results').ifExists().execute();
  await db.schema.dropTable('player_ratings').ifExists().execute();
}
