import { sql, type Kysely } from 'kysely';
import { cleanText } from '@npc/contracts';
import type { Database } from './schema';

/** A log entry set aside because PostgreSQL refused it (or it could not be read). */
export interface DeadLetter {
  id: string;
  log: string;
  entryId: string | null;
  /** The entry as JSON text. */
  payload: string;
  reason: string;
  errorCode: string | null;
  createdAt: Date;
  replayAttempts: number;
  lastReplayError: string | null;
  replayedAt: Date | null;
}

export interface NewDeadLetter {
  log: string;
  entryId?: string | null;
  payload: string;
  reason: string;
  errorCode?: string | null;
}

/** Bounds what one dead letter keeps of its reason (PostgreSQL messages can quote the row). */
const REASON_MAX = 2000;
const reasonText = (s: string) => cleanText(s).slice(0, REASON_MAX);

/**
 * The dead-letter table (migration 0006). Writes here must not fail on the very data that made
 * the entry a dead letter: the payload is JSON text (escapes only) and the reason is cleaned.
 */
export class DeadLetterRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(letters: readonly NewDeadLetter[]): Promise<string[]> {
    if (letters.length === 0) return [];
    const rows = await this.db.insertInto('dead_letters').values(letters.map((l) => ({
      log: l.log, entry_id: l.entryId ?? null, payload: cleanText(l.payload), reason: reasonText(l.reason), error_code: l.errorCode ?? null,
    }))).returning('id').execute();
    return rows.map((r) => String(r.id));
  }

  /** Oldest first; `pending` (default) leaves out the replayed ones. */
  async list(opts: { log?: string; pending?: boolean; limit?: number } = {}): Promise<DeadLetter[]> {
    let q = this.db.selectFrom('dead_letters').selectAll().orderBy('id', 'asc').limit(opts.limit ?? 1000);
    if (opts.pending !== false) q = q.where('replayed_at', 'is', null);
    if (opts.log) q = q.where('log', '=', opts.log);
    return (await q.execute()).map(toDeadLetter);
  }

  async get(id: string): Promise<DeadLetter | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = await this.db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDeadLetter(row) : null;
  }

  async markReplayed(id: string): Promise<void> {
    await this.db.updateTable('dead_letters')
      .set({ replayed_at: new Date(), replay_attempts: sql`replay_attempts + 1`, last_replay_error: null }).where('id', '=', id).execute();
  }

  async markReplayFailed(id: string, error: string): Promise<void> {
    await this.db.updateTable('dead_letters')
      .set({ replay_attempts: sql`replay_attempts + 1`, last_replay_error: reasonText(error) }).where('id', '=', id).execute();
  }

  async countPending(log?: string): Promise<number> {
    let q = this.db.selectFrom('dead_letters').select((eb) => eb.fn.countAll<string>().as('n')).where('replayed_at', 'is', null);
    if (log) q = q.where('log', '=', log);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
}


function toDeadLetter(row: {
  id: string; log: string; entry_id: string | null; payload: string; reason: string; error_code: string | null;
  created_at: Date; replay_attempts: number; last_replay_error: string | null; replayed_at: Date | null;
}): DeadLetter {
  return {
    id: String(row.id), log: row.log, entryId: row.entry_id, payload: row.payload, reason: row.reason, errorCode: row.error_code,
    createdAt: row.created_at, replayAttempts: row.replay_attempts, lastReplayError: row.last_replay_error, replayedAt: row.replayed_at,
  };
}
