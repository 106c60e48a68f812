import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { compare, exactTime, language, say, settled, text } from './sql';
import { LEARNING_CURSORS, UNKNOWN_ROLE, type CursorPosition, type DecisionEvent, type FeedbackEvent, type LearningCursorName, type ReadOptions } from './types';

/** The learning worker's reads of the decision and feedback logs, past its cursors (locked in a transaction). */
export class LearningReads {
  constructor(protected readonly db: Kysely<Database>) {}

  /**
   * Creates the cursors if missing and locks them (`FOR UPDATE`) until the transaction ends;
   * returns where each stands (null: nothing read yet). Use inside `transaction()`.
   */
  async lockCursors(names: readonly LearningCursorName[]): Promise<Record<string, CursorPosition | null>> {
    await this.db
      .insertInto('learning_cursors')
      .values(names.map((name) => ({ name })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const rows = await this.db
      .selectFrom('learning_cursors')
      .select(['name', 'position_id', exactTime('position_at').as('at')])
      .where('name', 'in', [...names])
      .orderBy('name')
      .forUpdate()
      .execute();
    const out: Record<string, CursorPosition | null> = {};
    for (const r of rows) out[r.name] = r.at !== null && r.position_id !== null ? { at: r.at, id: r.position_id } : null;
    return out;
  }

  /** Where the cursors stand (no lock). */
  async cursors(): Promise<Record<string, CursorPosition | null>> {
    const rows = await this.db.selectFrom('learning_cursors').select(['name', 'position_id', exactTime('position_at').as('at')]).execute();
    const out: Record<string, CursorPosition | null> = {};
    for (const r of rows) out[r.name] = r.at !== null && r.position_id !== null ? { at: r.at, id: r.position_id } : null;
    return out;
  }

  async setCursor(name: LearningCursorName, position: CursorPosition): Promise<void> {
    await this.db
      .insertInto('learning_cursors')
      .values({ name, position_at: sql<Date>`cast(${position.at} as timestamptz)`, position_id: position.id, updated_at: sql<Date>`now()` })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          position_at: sql<Date>`cast(${position.at} as timestamptz)`,
          position_id: position.id,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
  }

  /** When the oldest decision not read yet (past the decisions cursor) was stored; null when all are read. */
  async oldestUnreadDecision(): Promise<Date | null> {
    const after = (await this.cursors())[LEARNING_CURSORS.decisions] ?? null;
    let q = this.db.selectFrom('decisions as d').select('d.stored_at');
    if (after) q = q.where(compare('d.stored_at', 'd.id', '>', after));
    const row = await q.orderBy('d.stored_at').orderBy('d.id').limit(1).executeTakeFirst();
    return row?.stored_at ?? null;
  }

  /** Decisions stored after `after` (null: from the start), oldest first, with their NPC's role. */
  async decisionsAfter(after: CursorPosition | null, options: ReadOptions): Promise<DecisionEvent[]> {
    let q = this.db
      .selectFrom('decisions as d')
      .leftJoin('npcs as n', 'n.id', 'd.npc_id')
      .select((eb) => [
        'd.id',
        'd.stored_at',
        exactTime('d.stored_at').as('at'),
        eb.fn.coalesce('n.role', sql.lit(UNKNOWN_ROLE)).as('role'),
        'd.intent',
        'd.source',
        text.as('text'),
        say.as('say'),
        language.as('language'),
      ])
      .where(settled('d.stored_at', options.settleMs ?? 0));
    if (after) q = q.where(compare('d.stored_at', 'd.id', '>', after));
    const rows = await q.orderBy('d.stored_at').orderBy('d.id').limit(options.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      position: { at: r.at, id: r.id },
      storedAt: r.stored_at,
      role: r.role,
      intent: r.intent,
      source: r.source,
      text: r.text,
      say: r.say,
      language: r.language,
    }));
  }

  /**
   * Feedback created after `after`, oldest first, each with its decision if stored, and whether
   * that decision is at or before `decisionsRead` (what ingestion had already read).
   */
  async feedbackAfter(after: CursorPosition | null, decisionsRead: CursorPosition | null, options: ReadOptions): Promise<FeedbackEvent[]> {
    let q = this.db
      .selectFrom('feedback as f')
      .leftJoin('decisions as d', 'd.id', 'f.decision_id')
      .leftJoin('npcs as n', 'n.id', 'd.npc_id')
      .select((eb) => [
        'f.id',
        'f.created_at',
        exactTime('f.created_at').as('at'),
        'f.decision_id',
        'f.rating',
        'd.id as did',
        eb.fn.coalesce('n.role', sql.lit(UNKNOWN_ROLE)).as('role'),
        'd.intent',
        'd.source',
        text.as('text'),
        say.as('say'),
        language.as('language'),
        (decisionsRead ? sql<boolean | null>`${compare('d.stored_at', 'd.id', '<=', decisionsRead)}` : sql<boolean | null>`false`).as('read'),
      ])
      .where(settled('f.created_at', options.settleMs ?? 0));
    if (after) q = q.where(compare('f.created_at', 'f.id', '>', after));
    const rows = await q.orderBy('f.created_at').orderBy('f.id').limit(options.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      position: { at: r.at, id: r.id },
      createdAt: r.created_at,
      decisionId: r.decision_id,
      rating: r.rating,
      decision:
        r.did === null || r.intent === null || r.source === null
          ? null
          : { id: r.did, role: r.role, intent: r.intent, source: r.source, text: r.text, say: r.say, language: r.language },
      decisionRead: r.read === true,
    }));
  }

  /** Ratings of these decisions from feedback at or before `upTo` (null: none). */
  async ratingsFor(decisionIds: readonly string[], upTo: CursorPosition | null): Promise<{ decisionId: string; rating: -1 | 0 | 1 }[]> {
    if (decisionIds.length === 0 || upTo === null) return [];
    const out: { decisionId: string; rating: -1 | 0 | 1 }[] = [];
    for (let i = 0; i < decisionIds.length; i += 10_000) {
      const rows = await this.db
        .selectFrom('feedback as f')
        .select(['f.decision_id', 'f.rating'])
        .where('f.decision_id', 'in', decisionIds.slice(i, i + 10_000))
        .where(compare('f.created_at', 'f.id', '<=', upTo))
        .orderBy('f.created_at')
        .orderBy('f.id')
        .execute();
      for (const r of rows) out.push({ decisionId: r.decision_id, rating: r.rating });
    }
    return out;
  }
}
