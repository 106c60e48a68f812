import { sql } from 'kysely';
import { maxRowsPerInsert } from '../decisions';
import { LearningReads } from './reads';
import { addDistinct, earliest, keyOf, latest, mergeCounts, mergeDeltas, toPattern, type PatternRow } from './patterns';
import { language, text } from './sql';
import { MAX_PATTERN_EXAMPLES, MAX_PATTERN_RESPONSES, UNKNOWN_ROLE, type LearnedPattern, type LearntText, type PatternDelta, type PatternKey, type SinceFilter } from './types';

/** The learning worker's store: its cursor reads (reads.ts) and the learnt patterns. */
export class LearningRepository extends LearningReads {
  /** Runs `fn` in one transaction, with a repository bound to it. */
  transaction<T>(fn: (tx: LearningRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new LearningRepository(trx)));
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
