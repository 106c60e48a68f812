import type { Kysely } from 'kysely';
import type { DecisionRecord } from '@npc/contracts';
import { isUuid } from './ids';
import type { Database, DecisionRow, NewDecisionRow } from './schema';

/** PostgreSQL's limit on bind parameters in one statement. */
export const MAX_BIND_PARAMETERS = 65_535;
/** Most rows one INSERT can carry when each binds `columns` parameters (3,855 for decisions' 17). */
export const maxRowsPerInsert = (columns: number) => Math.floor(MAX_BIND_PARAMETERS / columns);

/** DecisionRecord → row. The filterable columns are copies; `request` and `reply` are the truth. */
export function recordToRow(record: DecisionRecord): NewDecisionRow {
  const { decision, request } = record;
  return {
    id: decision.decisionId,
    request_id: request.requestId ?? null,
    api_key_id: record.apiKeyId,
    npc_id: record.npcId,
    player_id: request.player.id,
    event_type: request.event.type,
    intent: decision.intent.name,
    intent_confidence: decision.intent.confidence,
    source: decision.source,
    action_type: decision.action.type,
    cost_usd: decision.costUsd,
    latency_ms: Math.round(decision.latencyMs),
    answered_by: record.answeredBy,
    request: JSON.stringify(request),
    reply: JSON.stringify(decision),
    received_at: new Date(record.receivedAt),
    decided_at: new Date(record.decidedAt),
  };
}

type StoredRow = Pick<DecisionRow, 'request' | 'reply' | 'npc_id' | 'api_key_id' | 'answered_by' | 'received_at' | 'decided_at'>;

/** Row → DecisionRecord, exactly as it was inserted. */
export function rowToRecord(row: StoredRow): DecisionRecord {
  return {
    decision: row.reply,
    request: row.request,
    npcId: row.npc_id,
    apiKeyId: row.api_key_id,
    answeredBy: row.answered_by,
    receivedAt: row.received_at.getTime(),
    decidedAt: row.decided_at.getTime(),
  };
}

export class DecisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a batch in one multi-row `INSERT … ON CONFLICT (id) DO NOTHING`; only a batch past
   * `maxRowsPerInsert` rows (3,855) takes several, to stay under the bind-parameter limit
   * (`rowsPerInsert` can lower the split point). Records already stored, or repeated within the
   * batch, are skipped, so a retried batch is harmless; the chunks of a split batch are not one
   * transaction, which a retry also covers. Records are trusted to be valid DecisionRecords (the
   * stages validated them). Returns the number of rows inserted.
   */
  async insertMany(records: readonly DecisionRecord[], rowsPerInsert = Infinity): Promise<number> {
    if (records.length === 0) return 0;
    const rows = records.map(recordToRow);
    const limit = maxRowsPerInsert(Object.keys(rows[0]!).length);
    const chunk = Math.max(1, Math.min(Math.floor(rowsPerInsert), limit));
    let inserted = 0;
    for (let i = 0; i < rows.length; i += chunk) {
      const result = await this.db
        .insertInto('decisions')
        .values(rows.slice(i, i + chunk))
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  }

  async get(id: string): Promise<DecisionRecord | null> {
    if (!isUuid(id)) return null; // a non-uuid would be a query error, not "not found"
    const row = await this.db
      .selectFrom('decisions')
      .select(['request', 'reply', 'npc_id', 'api_key_id', 'answered_by', 'received_at', 'decided_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? rowToRecord(row) : null;
  }

  async exists(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const row = await this.db.selectFrom('decisions').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('decisions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
}
