import { sql, type Kysely, type RawBuilder } from 'kysely';
import { maxRowsPerInsert } from './decisions';
import type { Database } from './schema';

/**
 * What the learning worker keeps: learnt patterns and its read cursors over `decisions` and
 * `feedback` (`migrations/0004_learning.ts`).
 *
 * Ingestion is exact-once: a batch reads past the cursors, updates the patterns and moves the
 * cursors in one transaction (`transaction()`), and the cursors are locked (`lockCursors`) for its
 * length, so two learning workers never count the same row twice.
 */

/** Where a cursor stands: the last row read, by (timestamp, id). `at` is exact (microseconds, UTC). */
export interface CursorPosition {
  /** ISO 8601 in UTC with microseconds, e.g. `2025-11-25T19:54:01.123456Z`. */
  at: string;
  id: string;
}

export const LEARNING_CURSORS = { decisions: 'decisions', feedback: 'feedback' } as const;
export type LearningCursorName = (typeof LEARNING_CURSORS)[keyof typeof LEARNING_CURSORS];

/** Most example texts and well-rated responses a pattern keeps. */
export const MAX_PATTERN_EXAMPLES = 10;
export const MAX_PATTERN_RESPONSES = 10;
/** The role of a decision whose NPC is not registered (any more). */
export const UNKNOWN_ROLE = 'unknown';

/** What ingestion needs of a stored decision. */
export interface DecisionEvent {
  id: string;
  position: CursorPosition;
  storedAt: Date;
  role: string;
  intent: string;
  source: string;
  /** `request.event.text`; null when the event had none. */
  text: string | null;
  /** `reply.say`. */
  say: string;
  /** The language the decision was made in (`DECISION_LANGUAGE`); `en` when it carries none. */
  language: string;
}

/** A feedback row, with what ingestion needs of its decision (null: not stored yet). */
export interface FeedbackEvent {
  id: string;
  position: CursorPosition;
  createdAt: Date;
  decisionId: string;
  rating: -1 | 0 | 1;
  decision: Omit<DecisionEvent, 'position' | 'storedAt'> | null;
  /** Whether the decision was at or before the `before` decision cursor given to `feedbackAfter`. */
  decisionRead: boolean;
}

export interface PatternKey {
  role: string;
  intent: string;
  signature: string;
}

/** Increments for one pattern. */
export interface PatternDelta extends PatternKey {
  uses: number;
  rated: number;
  positive: number;
  negative: number;
  /** Texts seen (added, distinct, while there is room). */
  examples: readonly string[];
  /** `say` texts of +1-rated decisions (same). */
  responses: readonly string[];
  /** Uses by decision source. */
  sources: Readonly<Record<string, number>>;
  /** Uses by the decision's language. */
  languages: Readonly<Record<string, number>>;
  /** When the newest of these uses happened (first_seen/last_seen); none for ratings alone. */
  seenAt?: Date;
}

export interface LearnedPattern extends PatternKey {
  uses: number;
  rated: number;
  positive: number;
  negative: number;
  /** positive / rated; null when never rated. */
  successRate: number | null;
  examples: string[];
  responses: string[];
  sources: Record<string, number>;
  /** Uses by language, and the most used one (`en` for a pattern stored before languages were counted). */
  languages: Record<string, number>;
  language: string;
  firstSeen: Date;
  lastSeen: Date;
}

export interface ReadOptions {
  /** Most rows read. */
  limit: number;
  /**
   * Only rows at least this old (ms): a row written by a transaction that commits late gets a
   * timestamp earlier than rows already visible; waiting a little keeps the cursor from passing it.
   */
  settleMs?: number;
}

/** A labelled text for training: a decision answered by the LLM route, with what is known of it. */
export interface LearntText {
  text: string;
  intent: string;
  language: string;
  /** The NPC's role (`unknown` when not registered). */
  role: string;
  /** The latest feedback's rating and outcome (null: none). */
  rating: -1 | 0 | 1 | null;
  outcome: string | null;
  storedAt: Date;
}

/** Only learnt data seen at or after `since` (patterns by last use, LLM decisions by storage time). */
export interface SinceFilter {
  since?: Date;
}

/** A timestamptz column as exact UTC text (µs). */
const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `(at, id) > position` (or `<=`), with the position as exact parameters. */
function compare(atColumn: string, idColumn: string, op: '>' | '<=', position: CursorPosition): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(atColumn)}, ${sql.ref(idColumn)}) ${sql.raw(op)} (cast(${position.at} as timestamptz), cast(${position.id} as uuid))`;
}

const settled = (column: string, settleMs: number) =>
  sql<boolean>`${sql.ref(column)} <= now() - cast(${Math.max(0, Math.round(settleMs))} as integer) * interval '1 millisecond'`;

const text = sql<string | null>`d.request -> 'event' ->> 'text'`;
const say = sql<string>`coalesce(d.reply ->> 'say', '')`;
/**
 * The language a stored decision was made in: the reply's detected language, else the
 * recognition's (`reply.intent.language`), else the request's, else `en`. The ONE place that reads
 * it, so language detection can put it in any of these and ingestion, training and export follow.
 */
export const DEFAULT_DECISION_LANGUAGE = 'en';
const language = sql<string>`coalesce(d.reply ->> 'language', d.reply -> 'intent' ->> 'language', d.request ->> 'language', ${DEFAULT_DECISION_LANGUAGE})`;

/** The most used key of a count map (ties: alphabetical); `fallback` when empty. */
export function mostUsed(counts: Readonly<Record<string, number>>, fallback = DEFAULT_DECISION_LANGUAGE): string {
  let best: string | undefined;
  for (const [k, v] of Object.entries(counts)) if (best === undefined || v > counts[best]! || (v === counts[best] && k < best)) best = k;
  return best ?? fallback;
}

function addDistinct(into: string[], values: readonly string[], max: number): void {
  for (const v of values) {
    if (into.length >= max) return;
    if (v.length > 0 && !into.includes(v)) into.push(v);
  }
}

/** Adds `b` to `a` (new object). */
function mergeCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const earliest = (a: Date | undefined, b: Date | undefined): Date => (a && b ? (a < b ? a : b) : (a ?? b ?? new Date()));
const latest = (a: Date | undefined, b: Date | undefined): Date => (a && b ? (a > b ? a : b) : (a ?? b ?? new Date()));

const keyOf = (k: PatternKey) => `${k.role}\u0000${k.intent}\u0000${k.signature}`;

/** Sums deltas of the same pattern (examples and responses in order, distinct, bounded). */
export function mergeDeltas(deltas: readonly PatternDelta[]): PatternDelta[] {
  const byKey = new Map<string, PatternDelta & { examples: string[]; responses: string[] }>();
  for (const d of deltas) {
    const key = keyOf(d);
    const m = byKey.get(key);
    if (!m) {
      const examples: string[] = [];
      const responses: string[] = [];
      addDistinct(examples, d.examples, MAX_PATTERN_EXAMPLES);
      addDistinct(responses, d.responses, MAX_PATTERN_RESPONSES);
      byKey.set(key, { ...d, examples, responses, sources: { ...d.sources }, languages: { ...d.languages } });
      continue;
    }
    m.uses += d.uses;
    m.rated += d.rated;
    m.positive += d.positive;
    m.negative += d.negative;
    addDistinct(m.examples, d.examples, MAX_PATTERN_EXAMPLES);
    addDistinct(m.responses, d.responses, MAX_PATTERN_RESPONSES);
    m.sources = mergeCounts(m.sources, d.sources);
    m.languages = mergeCounts(m.languages, d.languages);
    if (d.seenAt !== undefined && (m.seenAt === undefined || d.seenAt > m.seenAt)) m.seenAt = d.seenAt;
  }
  return [...byKey.values()];
}

type PatternRow = {
  role: string;
  intent: string;
  signature: string;
  uses: number;
  rated: number;
  positive: number;
  negative: number;
  examples: string[];
  responses: string[];
  sources: Record<string, number>;
  languages: Record<string, number>;
  first_seen: Date;
  last_seen: Date;
};

const toPattern = (r: PatternRow): LearnedPattern => ({
  role: r.role,
  intent: r.intent,
  signature: r.signature,
  uses: r.uses,
  rated: r.rated,
  positive: r.positive,
  negative: r.negative,
  successRate: r.rated > 0 ? r.positive / r.rated : null,
  examples: r.examples,
  responses: r.responses,
  sources: r.sources,
  languages: r.languages,
  language: mostUsed(r.languages),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

export class LearningRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `fn` in one transaction, with a repository bound to it. */
  transaction<T>(fn: (tx: LearningRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new LearningRepository(trx)));
  }

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

  /**
   * Adds the deltas to the patterns (creating them): reads the rows concerned `FOR UPDATE`, merges
   * (counts summed, examples/responses distinct and bounded, sources summed) and writes them back.
   * Returns the number of patterns written.
   */
  async applyDeltas(deltas: readonly PatternDelta[]): Promise<number> {
    const merged = mergeDeltas(deltas);
    if (merged.length === 0) return 0;
    const existing = new Map<string, PatternRow>();
    for (let i = 0; i < merged.length; i += 5_000) {
      const chunk = merged.slice(i, i + 5_000);
      const rows = await this.db
        .selectFrom('learned_patterns')
        .selectAll()
        .where((eb) =>
          eb(
            eb.refTuple('role', 'intent', 'signature'),
            'in',
            chunk.map((k) => eb.tuple(k.role, k.intent, k.signature)),
          ),
        )
        .forUpdate()
        .execute();
      for (const r of rows) existing.set(keyOf(r), r);
    }
    const rows = merged.map((d) => {
      const old = existing.get(keyOf(d));
      const examples = [...(old?.examples ?? [])];
      const responses = [...(old?.responses ?? [])];
      addDistinct(examples, d.examples, MAX_PATTERN_EXAMPLES);
      addDistinct(responses, d.responses, MAX_PATTERN_RESPONSES);
      return {
        role: d.role,
        intent: d.intent,
        signature: d.signature,
        uses: (old?.uses ?? 0) + d.uses,
        rated: (old?.rated ?? 0) + d.rated,
        positive: (old?.positive ?? 0) + d.positive,
        negative: (old?.negative ?? 0) + d.negative,
        examples: JSON.stringify(examples),
        responses: JSON.stringify(responses),
        sources: JSON.stringify(mergeCounts(old?.sources ?? {}, d.sources)),
        languages: JSON.stringify(mergeCounts(old?.languages ?? {}, d.languages)),
        first_seen: earliest(old?.first_seen, d.seenAt),
        last_seen: latest(old?.last_seen, d.seenAt),
      };
    });
    const chunk = maxRowsPerInsert(13);
    for (let i = 0; i < rows.length; i += chunk) {
      await this.db
        .insertInto('learned_patterns')
        .values(rows.slice(i, i + chunk))
        .onConflict((oc) =>
          oc.columns(['role', 'intent', 'signature']).doUpdateSet((eb) => ({
            uses: eb.ref('excluded.uses'),
            rated: eb.ref('excluded.rated'),
            positive: eb.ref('excluded.positive'),
            negative: eb.ref('excluded.negative'),
            examples: eb.ref('excluded.examples'),
            responses: eb.ref('excluded.responses'),
            sources: eb.ref('excluded.sources'),
            languages: eb.ref('excluded.languages'),
            first_seen: eb.ref('excluded.first_seen'),
            last_seen: eb.ref('excluded.last_seen'),
          })),
        )
        .execute();
    }
    return rows.length;
  }

  /** One pattern, or undefined. */
  async pattern(key: PatternKey): Promise<LearnedPattern | undefined> {
    const row = await this.db
      .selectFrom('learned_patterns')
      .selectAll()
      .where('role', '=', key.role)
      .where('intent', '=', key.intent)
      .where('signature', '=', key.signature)
      .executeTakeFirst();
    return row ? toPattern(row) : undefined;
  }

  /** Patterns, most used first. */
  async patterns(filter: { role?: string; intent?: string; limit?: number } = {}): Promise<LearnedPattern[]> {
    let q = this.db.selectFrom('learned_patterns').selectAll();
    if (filter.role !== undefined) q = q.where('role', '=', filter.role);
    if (filter.intent !== undefined) q = q.where('intent', '=', filter.intent);
    const rows = await q
      .orderBy('uses', 'desc')
      .orderBy('role')
      .orderBy('intent')
      .orderBy('signature')
      .limit(filter.limit ?? 1000)
      .execute();
    return rows.map(toPattern);
  }

  async countPatterns(): Promise<number> {
    const { n } = await this.db.selectFrom('learned_patterns').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  /**
   * Patterns that earned a place in training: rated at least once +1, with a success rate
   * (positive / rated) of at least `minSuccessRate`, and an intent other than `unknown`.
   */
  async wellRatedPatterns(minSuccessRate: number, limit = 100_000, filter: SinceFilter = {}): Promise<LearnedPattern[]> {
    let q = this.db
      .selectFrom('learned_patterns')
      .selectAll()
      .where('intent', '<>', 'unknown')
      .where('positive', '>', 0)
      .where(sql<boolean>`positive >= cast(${minSuccessRate} as double precision) * rated`);
    if (filter.since) q = q.where('last_seen', '>=', filter.since);
    const rows = await q
      .orderBy('role')
      .orderBy('intent')
      .orderBy('signature')
      .limit(limit)
      .execute();
    return rows.map(toPattern);
  }

  /**
   * Texts of decisions answered by the LLM route (with the intent it returned) that no feedback
   * rated -1, newest first, distinct by text; never intent `unknown`.
   */
  async llmLabelledTexts(limit = 20_000, filter: SinceFilter = {}): Promise<LearntText[]> {
    let q = this.db
      .selectFrom('decisions as d')
      .leftJoin('npcs as n', 'n.id', 'd.npc_id')
      .select((eb) => [
        'd.intent',
        'd.stored_at',
        text.as('text'),
        language.as('language'),
        eb.fn.coalesce('n.role', sql.lit(UNKNOWN_ROLE)).as('role'),
        // The latest feedback's rating and outcome.
        eb.selectFrom('feedback as f').select('f.rating').whereRef('f.decision_id', '=', 'd.id').orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(1).as('rating'),
        eb.selectFrom('feedback as f').select('f.outcome').whereRef('f.decision_id', '=', 'd.id').orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(1).as('outcome'),
      ])
      .where('d.source', '=', 'llm')
      .where('d.intent', '<>', 'unknown')
      .where(sql<boolean>`(d.request -> 'event' ->> 'text') is not null`)
      .where(sql<boolean>`length(trim(d.request -> 'event' ->> 'text')) > 0`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('feedback as f').select('f.id').whereRef('f.decision_id', '=', 'd.id').where('f.rating', '=', -1))),
      );
    if (filter.since) q = q.where('d.stored_at', '>=', filter.since);
    const rows = await q
      .orderBy('d.stored_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(limit)
      .execute();
    const seen = new Set<string>();
    const out: LearntText[] = [];
    for (const r of rows) {
      if (r.text === null || seen.has(r.text)) continue;
      seen.add(r.text);
      out.push({ text: r.text, intent: r.intent, language: r.language, role: r.role, rating: r.rating, outcome: r.outcome, storedAt: r.stored_at });
    }
    return out;
  }
}
