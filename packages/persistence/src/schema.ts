import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ApiKeyScope, Decision, DecisionRequest, MemoryFacts, MemoryTally, Personality, Services } from '@npc/contracts';

/**
 * Row types of the tables created by `migrations/`. Keep in step with the migrations.
 *
 * jsonb columns are written as JSON text (`JSON.stringify`): node-postgres would turn a JS array
 * into a PostgreSQL array literal, so we never hand it raw objects. They read back parsed.
 * timestamptz columns read back as `Date`. numeric and bigint read back as strings (pg's default).
 */

/** A jsonb column: reads as `T`, written as JSON text. */
export type Json<T> = ColumnType<T, string, string>;
/** A nullable jsonb column. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** timestamptz: reads as Date, written as Date or ISO text. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with a database default (`now()`). */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamptz. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface NpcsTable {
  id: string;
  name: string;
  role: string;
  personality: Json<Personality>;
  background: Generated<string>;
  services: Json<Services>;
  behavior_tree: NullableJson<unknown>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  scope: ApiKeyScope;
  /** sha256 hex of the full key; the plaintext is never stored. */
  key_hash: string;
  rate_limit_per_min: number;
  created_at: DefaultTimestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface DecisionsTable {
  /** = decision.decisionId */
  id: string;
  request_id: string | null;
  api_key_id: string;
  npc_id: string;
  player_id: string;
  event_type: string;
  intent: string;
  /** real (float4): for queries only; the exact value is in `reply`. */
  intent_confidence: number;
  source: string;
  action_type: string;
  /** numeric(12,6): reads as a string; the exact value is in `reply`. */
  cost_usd: ColumnType<string, number | string, number | string>;
  /** Rounded to whole ms; the exact value is in `reply`. */
  latency_ms: number;
  answered_by: string;
  request: Json<DecisionRequest>;
  /** The full Decision as returned to the game server. */
  reply: Json<Decision>;
  received_at: Timestamp;
  decided_at: Timestamp;
  stored_at: DefaultTimestamp;
}

export interface FeedbackTable {
  id: string;
  decision_id: string;
  api_key_id: string;
  rating: -1 | 0 | 1;
  outcome: string | null;
  created_at: DefaultTimestamp;
}

/** numeric(14,9) USD: reads as a string (exact), written as a decimal string or number. */
export type NumericUsd = ColumnType<string, string | number | undefined, string | number>;

/** One LLM provider call (the cost ledger, `migrations/0002_llm_calls.ts`). */
export interface LlmCallsTable {
  id: string;
  /**
   * date: the budget day. pg reads a `date` as a JS Date at local midnight; select `day::text`
   * (as LedgerRepository does) to get 'YYYY-MM-DD'. Written as 'YYYY-MM-DD'.
   */
  day: ColumnType<Date, string, string>;
  at: Timestamp;
  provider: string;
  model: string;
  decision_id: string | null;
  npc_id: string | null;
  api_key_id: string | null;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  cost_usd: NumericUsd;
  reserved_usd: NumericUsd;
  outcome: string;
  latency_ms: number;
  error: string | null;
  /** The budget reservation the call was made under (`migrations/0007_scopes_and_reservations.ts`). */
  reservation_id: string | null;
}

/** An NPC's memory of a player (`migrations/0003_agent.ts`): an episode or the one reflection. */
export interface NpcMemoriesTable {
  npc_id: string;
  player_id: string;
  /** decision id + ':' + n for episodes; 'reflection' for the summary. */
  id: string;
  kind: string;
  text: string;
  importance: number;
  facts: NullableJson<MemoryFacts>;
  tally: NullableJson<MemoryTally>;
  player_name: string | null;
  created_at: Timestamp;
  stored_at: DefaultTimestamp;
}

/** A world event (shared knowledge, `POST /v1/events`). */
export interface WorldEventsTable {
  id: string;
  type: string;
  text: string;
  map: string | null;
  item: string | null;
  price_factor: number | null;
  importance: number;
  /** Only these NPCs hear of it; null: all. */
  npc_ids: NullableJson<string[]>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A learnt pattern (`migrations/0004_learning.ts`): utterances of one shape, per NPC role and intent. */
export interface LearnedPatternsTable {
  role: string;
  intent: string;
  /** Normalised utterance with numbers, items, towns and jobs replaced by placeholders. */
  signature: string;
  uses: Generated<number>;
  /** Feedback rows received; `positive` of them +1, `negative` -1. */
  rated: Generated<number>;
  positive: Generated<number>;
  negative: Generated<number>;
  /** Distinct player texts (bounded). */
  examples: Json<string[]>;
  /** Distinct `say` texts of +1-rated decisions (bounded). */
  responses: Json<string[]>;
  /** Uses by decision source (rules, llm, model, cache, …). */
  sources: Json<Record<string, number>>;
  /** Uses by the decision's language (`en` when the decision carried none; migration 0010). */
  languages: ColumnType<Record<string, number>, string | undefined, string>;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

/** How far the learning worker has read a table: (stored_at | created_at, id) of the last row read. */
export interface LearningCursorsTable {
  name: string;
  position_at: NullableTimestamp;
  position_id: string | null;
  updated_at: DefaultTimestamp;
}

export type IntentModelStatus = 'candidate' | 'promoted' | 'rejected' | 'retired';
export type IntentModelOrigin = 'trained' | 'imported';

/** The intent-model registry: one row per trained model, with its ONNX bytes. */
export interface IntentModelsTable {
  version: number;
  status: IntentModelStatus;
  sha256: string;
  bytes: ColumnType<Buffer, Buffer | Uint8Array, Buffer | Uint8Array>;
  path: string | null;
  feature_version: string;
  /** Training examples (train split), held-out examples. */
  examples: number;
  held_out: number;
  /** Accuracy on its own held-out split; the promoted model's on the same split (null: none). */
  accuracy: number;
  baseline_accuracy: number | null;
  metrics: Json<Record<string, unknown>>;
  created_at: DefaultTimestamp;
  promoted_at: NullableTimestamp;
  /** Training settings (trained) or what the file declared (imported); migration 0010. */
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  origin: ColumnType<IntentModelOrigin, IntentModelOrigin | undefined, IntentModelOrigin>;
  /** When `status` last changed (pruning counts the retention period from it). */
  status_at: DefaultTimestamp;
}

/** A player's skill rating (`migrations/0005_difficulty.ts`): OpenSkill mu/sigma and the tally. */
export interface PlayerRatingsTable {
  player_id: string;
  mu: number;
  sigma: number;
  matches: Generated<number>;
  wins: Generated<number>;
  losses: Generated<number>;
  updated_at: DefaultTimestamp;
}

/** A decision whose quest/combat result was counted in its player's rating (once per decision). */
export interface PlayerRatingResultsTable {
  decision_id: string;
  player_id: string;
  result: 'success' | 'failure';
  mu_before: number;
  mu_after: number;
  created_at: DefaultTimestamp;
}

/** The kysely database type for every table. */
/** Log entries PostgreSQL refused, set aside by the log writers (migration 0006). */
export interface DeadLettersTable {
  id: Generated<string>;
  /** The log it came from: `decision-log`, `memory-log`, `llm-ledger`. */
  log: string;
  /** The Redis stream entry id, when it came from a stream. */
  entry_id: string | null;
  /** The entry as JSON text (stream fields, or the row). */
  payload: string;
  reason: string;
  /** PostgreSQL's SQLSTATE, when PostgreSQL refused it. */
  error_code: string | null;
  created_at: DefaultTimestamp;
  replay_attempts: ColumnType<number, number | undefined, number>;
  last_replay_error: string | null;
  replayed_at: NullableTimestamp;
}

export interface Database {
  npcs: NpcsTable;
  api_keys: ApiKeysTable;
  decisions: DecisionsTable;
  feedback: FeedbackTable;
  llm_calls: LlmCallsTable;
  npc_memories: NpcMemoriesTable;
  world_events: WorldEventsTable;
  player_ratings: PlayerRatingsTable;
  player_rating_results: PlayerRatingResultsTable;
  learned_patterns: LearnedPatternsTable;
  learning_cursors: LearningCursorsTable;
  intent_models: IntentModelsTable;
  dead_letters: DeadLettersTable;
}

export type NpcRow = Selectable<NpcsTable>;
export type NewNpcRow = Insertable<NpcsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
export type DecisionRow = Selectable<DecisionsTable>;
export type NewDecisionRow = Insertable<DecisionsTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type NewFeedbackRow = Insertable<FeedbackTable>;
export type LlmCallRow = Selectable<LlmCallsTable>;
export type NewLlmCallRow = Insertable<LlmCallsTable>;
export type NpcMemoryRow = Selectable<NpcMemoriesTable>;
export type NewNpcMemoryRow = Insertable<NpcMemoriesTable>;
export type WorldEventRow = Selectable<WorldEventsTable>;
export type NewWorldEventRow = Insertable<WorldEventsTable>;
export type LearnedPatternRow = Selectable<LearnedPatternsTable>;
export type IntentModelRow = Selectable<IntentModelsTable>;
