import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { maxRowsPerInsert } from './decisions';
import { isUuid } from './ids';
import type { Database, NewLlmCallRow } from './schema';
import type { LedgerCall } from '@npc/contracts';

/**
 * One LLM provider call, as the ledger records it: the LLM client's call record (`LlmCallRecord`
 * of @npc/contracts, `startedAt` stored as `at`) plus its budget day, NPC and API key.
 */
export type NewLlmCall = LedgerCall;
export { LLM_CALL_OUTCOMES, type LlmCallOutcome } from '@npc/contracts';

/** Sums over a set of calls. */
export interface LedgerTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD, exact to the nano-dollar. */
  costUsd: number;
}

export interface LedgerSummary {
  day: string;
  total: LedgerTotals;
  /** Most expensive first. */
  byProviderModel: (LedgerTotals & { provider: string; model: string })[];
  /** Most expensive first; `npcId` null gathers calls made for no NPC. */
  byNpc: (LedgerTotals & { npcId: string | null })[];
  /** Most frequent first. */
  byOutcome: (LedgerTotals & { outcome: string })[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** numeric(14,9) holds up to 99,999.999999999. */
const MAX_USD = 99_999;

function checkDay(day: string): string {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new RangeError(`invalid ledger day: ${JSON.stringify(day)}`);
  return day;
}

/** A 'YYYY-MM-DD' parameter compared with the date column (typed as what the column reads as). */
const dayValue = (day: string) => sql<Date>`cast(${checkDay(day)} as date)`;

/** USD → exact decimal text with 9 places (the nano-dollar), so PostgreSQL never sees float noise. */
export function usdToNumeric(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0 || usd > MAX_USD) throw new RangeError(`invalid USD amount for the ledger: ${usd}`);
  const nano = Math.round(usd * 1e9);
  return `${Math.floor(nano / 1e9)}.${String(nano % 1e9).padStart(9, '0')}`;
}

function count(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0 || n > 2_147_483_647) throw new RangeError(`invalid ${what}: ${n}`);
  return n;
}

function toRow(call: NewLlmCall, i: number): NewLlmCallRow {
  const id = call.id ?? randomUUID();
  if (!isUuid(id)) throw new RangeError(`ledger row ${i}: id is not a uuid: ${id}`);
  const decisionId = call.decisionId || null;
  if (decisionId !== null && !isUuid(decisionId)) throw new RangeError(`ledger row ${i}: decisionId is not a uuid: ${decisionId}`);
  const reservationId = call.reservationId || null;
  if (reservationId !== null && !isUuid(reservationId)) throw new RangeError(`ledger row ${i}: reservationId is not a uuid: ${reservationId}`);
  return {
    id,
    day: checkDay(call.day),
    at: new Date(call.startedAt),
    provider: call.provider,
    model: call.model,
    decision_id: decisionId,
    reservation_id: reservationId,
    npc_id: call.npcId ?? null,
    api_key_id: call.apiKeyId ?? null,
    input_tokens: count(call.inputTokens, 'input token count'),
    output_tokens: count(call.outputTokens, 'output token count'),
    cost_usd: usdToNumeric(call.costUsd),
    reserved_usd: usdToNumeric(call.reservedUsd),
    outcome: call.outcome,
    latency_ms: count(Math.round(call.latencyMs), 'latency'),
    error: call.error ?? null,
  };
}

/** The aggregate columns every summary row carries (pg returns bigint and numeric as text). */
interface RawTotals {
  calls: string | number | bigint;
  input_tokens: string | number;
  output_tokens: string | number;
  cost_usd: string | number;
}

const totals = (r: RawTotals): LedgerTotals => ({
  calls: Number(r.calls),
  inputTokens: Number(r.input_tokens),
  outputTokens: Number(r.output_tokens),
  costUsd: Number(r.cost_usd),
});

const EMPTY: LedgerTotals = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

/**
 * `grouping(provider, model, npc_id, outcome)` bit masks (leftmost argument = highest bit; a bit is
 * set when the column is aggregated away in that row).
 */
const BY_PROVIDER_MODEL = 0b0011;
const BY_NPC = 0b1101;
const BY_OUTCOME = 0b1110;
const OVERALL = 0b1111;

/** The LLM cost ledger (`llm_calls`). */
export class LedgerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores calls in one multi-row `INSERT … ON CONFLICT (id) DO NOTHING` (split only past the
   * bind-parameter limit, 4,369 rows). Validates every row first: a bad one throws and nothing is
   * written. Returns the number of rows inserted.
   */
  async insertMany(calls: readonly NewLlmCall[], rowsPerInsert = Infinity): Promise<number> {
    if (calls.length === 0) return 0;
    const rows = calls.map(toRow);
    const chunk = Math.max(1, Math.min(Math.floor(rowsPerInsert), maxRowsPerInsert(Object.keys(rows[0]!).length)));
    let inserted = 0;
    for (let i = 0; i < rows.length; i += chunk) {
      const result = await this.db
        .insertInto('llm_calls')
        .values(rows.slice(i, i + chunk))
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  }

  /** The day's calls, tokens and cost in total, by provider + model, by NPC and by outcome: one query (grouping sets). */
  async summary(day: string): Promise<LedgerSummary> {
    const rows = await this.db
      .selectFrom('llm_calls')
      .select((eb) => [
        'provider',
        'model',
        'npc_id',
        'outcome',
        sql<number>`grouping(provider, model, npc_id, outcome)`.as('set'),
        eb.fn.countAll<string>().as('calls'),
        sql<string>`coalesce(sum(input_tokens), 0)`.as('input_tokens'),
        sql<string>`coalesce(sum(output_tokens), 0)`.as('output_tokens'),
        sql<string>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
      ])
      .where('day', '=', dayValue(day))
      .groupBy(sql`grouping sets ((provider, model), (npc_id), (outcome), ())`)
      .execute();

    const summary: LedgerSummary = { day, total: { ...EMPTY }, byProviderModel: [], byNpc: [], byOutcome: [] };
    for (const row of rows) {
      const t = totals(row);
      switch (Number(row.set)) {
        case OVERALL:
          summary.total = t;
          break;
        case BY_PROVIDER_MODEL:
          summary.byProviderModel.push({ provider: row.provider, model: row.model, ...t });
          break;
        case BY_NPC:
          summary.byNpc.push({ npcId: row.npc_id, ...t });
          break;
        case BY_OUTCOME:
          summary.byOutcome.push({ outcome: row.outcome, ...t });
          break;
      }
    }
    const name = (s: string | null) => s ?? '';
    summary.byProviderModel.sort((a, b) => b.costUsd - a.costUsd || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
    summary.byNpc.sort((a, b) => b.costUsd - a.costUsd || name(a.npcId).localeCompare(name(b.npcId)));
    summary.byOutcome.sort((a, b) => b.calls - a.calls || a.outcome.localeCompare(b.outcome));
    return summary;
  }

  /** The recorded cost of the calls made under these budget reservations (ids without a row are absent). */
  async costByReservation(reservationIds: readonly string[]): Promise<Map<string, number>> {
    const ids = reservationIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('llm_calls')
      .select(['reservation_id', sql<string>`sum(cost_usd)`.as('cost_usd')])
      .where('reservation_id', 'in', ids)
      .groupBy('reservation_id')
      .execute();
    return new Map(rows.map((r) => [r.reservation_id!, Number(r.cost_usd)]));
  }

  /** The day's totals (what `DailyBudget.restoreSpent` takes after a Redis data loss). */
  async total(day: string): Promise<LedgerTotals> {
    const row = await this.db
      .selectFrom('llm_calls')
      .select((eb) => [
        eb.fn.countAll<string>().as('calls'),
        sql<string>`coalesce(sum(input_tokens), 0)`.as('input_tokens'),
        sql<string>`coalesce(sum(output_tokens), 0)`.as('output_tokens'),
        sql<string>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
      ])
      .where('day', '=', dayValue(day))
      .executeTakeFirstOrThrow();
    return totals(row);
  }
}
