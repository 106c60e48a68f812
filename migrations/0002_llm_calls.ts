import { sql, type Kysely } from '../packages/persistence/src/migration-kit';

/**
 * The LLM cost ledger: one row per provider call (billed or not), for daily cost reports and to
 * restore the Redis budget after a data loss. Amounts are USD with 9 decimals (integer
 * nano-dollars, as the budget counts them). `day` is the budget day (budget time zone), not
 * `at`'s UTC date. `outcome` is free text (ok, invalid, repaired, error, timeout, rate_limited,
 * breaker_open, budget_refused…) so new outcomes need no migration.
 *
 * Runs through `db.withSchema(schema)`, like 0001: no table referenced from raw SQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('llm_calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'uuid')
    .addColumn('npc_id', 'text')
    .addColumn('api_key_id', 'text')
    .addColumn('input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('output_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_usd', 'numeric(14, 9)', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved_usd', 'numeric(14, 9)', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addCheckConstraint('llm_calls_tokens_check', sql`input_tokens >= 0 and output_tokens >= 0`)
    .addCheckConstraint('llm_calls_cost_check', sql`cost_usd >= 0 and reserved_usd >= 0`)
    .execute();
  await db.schema.createIndex('llm_calls_day_idx').on('llm_calls').column('day').execute();
  await db.schema.createIndex('llm_calls_day_provider_idx').on('llm_calls').columns(['day', 'provider']).execute();
  await db.schema.createIndex('llm_calls_decision_idx').on('llm_calls').column('decision_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llm_calls').ifExists().execute();
}
