/**
 * What the learning worker keeps: learnt patterns and its read cursors over `decisions` and
 * `feedback` (`migrations/0004_learning.ts`). Reads with cursors: reads.ts; patterns: repository.ts.
 *
 * Ingestion is exact-once: a batch reads past the cursors, updates the patterns and moves the
 * cursors in one transaction (`transaction()`), and the cursors are locked (`lockCursors`) for its
 * length, so two learning workers never count the same row twice.
 */

/** The language of a stored decision that says none (see `language` in sql.ts). */
export const DEFAULT_DECISION_LANGUAGE = 'en';

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
