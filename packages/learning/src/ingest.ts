import type { Logger } from 'pino';
import {
  LEARNING_CURSORS,
  type CursorPosition,
  type DecisionEvent,
  type LearningRepository,
  type PatternDelta,
} from '@npc/persistence';
import { signature } from './signature';

/**
 * Ingestion: decision and feedback events → learnt patterns.
 *
 * The decision log's durable end is PostgreSQL (`decisions`, `feedback`), so that is where the
 * learning worker reads its events: it can run alone, later, or restart without losing any. Each
 * batch is ONE transaction: lock both cursors, read the decisions and the feedback past them,
 * add to the patterns, move the cursors. A crash rolls all of it back; nothing is counted twice.
 *
 * A feedback row is counted once, in the batch in which both it and its decision have been read
 * (feedback can be stored before its decision): with the decision when the decision comes later,
 * with the feedback otherwise.
 */

export interface IngestOptions {
  /** Most decisions (and most feedback rows) per batch/transaction. Default 5,000. */
  batch?: number;
  /** Only rows at least this old (ms), so a late-committing writer is never overtaken. Default 1,000. */
  settleMs?: number;
  /** Stop after this many batches (default: until caught up). */
  maxBatches?: number;
  /** Called after each batch's commit (metrics: rows per batch). */
  onBatch?: (batch: Omit<IngestSummary, 'batches' | 'cursors'>) => void;
}

export interface IngestSummary {
  batches: number;
  /** Decisions read (with text: `used`, without: `skipped`). */
  decisions: number;
  used: number;
  skipped: number;
  /** Feedback rows read, and ratings added to patterns (from new feedback or for new decisions). */
  feedback: number;
  ratings: number;
  /** Patterns written. */
  patterns: number;
  /** Where the cursors stand afterwards. */
  cursors: { decisions: CursorPosition | null; feedback: CursorPosition | null };
}

export interface IngestDeps {
  learning: LearningRepository;
  log?: Logger;
}

export const DEFAULT_INGEST_BATCH = 5_000;
export const DEFAULT_SETTLE_MS = 1_000;

const hasText = (text: string | null | undefined): text is string => typeof text === 'string' && text.trim().length > 0;

type Pattern = Pick<DecisionEvent, 'role' | 'intent' | 'text' | 'say'>;

function ratingDelta(d: Pattern & { text: string }, rating: -1 | 0 | 1): PatternDelta {
  return {
    role: d.role,
    intent: d.intent,
    signature: signature(d.text),
    uses: 0,
    rated: 1,
    positive: rating === 1 ? 1 : 0,
    negative: rating === -1 ? 1 : 0,
    examples: [],
    responses: rating === 1 && d.say.trim().length > 0 ? [d.say] : [],
    sources: {},
    languages: {},
  };
}

/** One batch in one transaction. */
export async function ingestBatch(deps: IngestDeps, options: IngestOptions = {}): Promise<Omit<IngestSummary, 'batches'> & { more: boolean }> {
  const limit = options.batch ?? DEFAULT_INGEST_BATCH;
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  return deps.learning.transaction(async (tx) => {
    const cursors = await tx.lockCursors([LEARNING_CURSORS.decisions, LEARNING_CURSORS.feedback]);
    const decisionsBefore = cursors[LEARNING_CURSORS.decisions] ?? null;
    const feedbackBefore = cursors[LEARNING_CURSORS.feedback] ?? null;

    const decisions = await tx.decisionsAfter(decisionsBefore, { limit, settleMs });
    const feedback = await tx.feedbackAfter(feedbackBefore, decisionsBefore, { limit, settleMs });
    const decisionsAfter = decisions.at(-1)?.position ?? decisionsBefore;
    const feedbackAfter = feedback.at(-1)?.position ?? feedbackBefore;

    const deltas: PatternDelta[] = [];
    const used = new Map<string, DecisionEvent & { text: string }>();
    for (const d of decisions) {
      if (!hasText(d.text)) continue;
      used.set(d.id, d as DecisionEvent & { text: string });
      deltas.push({
        role: d.role,
        intent: d.intent,
        signature: signature(d.text),
        uses: 1,
        rated: 0,
        positive: 0,
        negative: 0,
        examples: [d.text.trim()],
        responses: [],
        sources: { [d.source]: 1 },
        languages: { [d.language]: 1 },
        seenAt: d.storedAt,
      });
    }
    let ratings = 0;
    // Feedback (old or in this batch) on the decisions of this batch.
    for (const r of await tx.ratingsFor([...used.keys()], feedbackAfter)) {
      const d = used.get(r.decisionId);
      if (!d) continue;
      deltas.push(ratingDelta(d, r.rating));
      ratings++;
    }
    // New feedback on decisions read in earlier batches.
    for (const f of feedback) {
      if (!f.decisionRead || !f.decision || !hasText(f.decision.text)) continue;
      deltas.push(ratingDelta({ ...f.decision, text: f.decision.text }, f.rating));
      ratings++;
    }

    const patterns = await tx.applyDeltas(deltas);
    if (decisionsAfter && decisionsAfter !== decisionsBefore) await tx.setCursor(LEARNING_CURSORS.decisions, decisionsAfter);
    if (feedbackAfter && feedbackAfter !== feedbackBefore) await tx.setCursor(LEARNING_CURSORS.feedback, feedbackAfter);
    return {
      decisions: decisions.length,
      used: used.size,
      skipped: decisions.length - used.size,
      feedback: feedback.length,
      ratings,
      patterns,
      cursors: { decisions: decisionsAfter, feedback: feedbackAfter },
      more: decisions.length >= limit || feedback.length >= limit,
    };
  });
}

/** Ingests batch after batch (each its own transaction) until caught up. */
export async function ingestOnce(deps: IngestDeps, options: IngestOptions = {}): Promise<IngestSummary> {
  const total: IngestSummary = {
    batches: 0,
    decisions: 0,
    used: 0,
    skipped: 0,
    feedback: 0,
    ratings: 0,
    patterns: 0,
    cursors: { decisions: null, feedback: null },
  };
  const maxBatches = options.maxBatches ?? Infinity;
  for (;;) {
    const b = await ingestBatch(deps, options);
    total.batches++;
    total.decisions += b.decisions;
    total.used += b.used;
    total.skipped += b.skipped;
    total.feedback += b.feedback;
    total.ratings += b.ratings;
    total.patterns += b.patterns;
    total.cursors = b.cursors;
    options.onBatch?.(b);
    if (b.decisions + b.feedback > 0) deps.log?.debug({ ...b }, 'ingested a batch');
    if (!b.more || total.batches >= maxBatches) break;
  }
  return total;
}
