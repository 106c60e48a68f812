import { z } from 'zod';

/**
 * How a provider request ended. `timeout` and `aborted` (a hedge loser, the deadline) were sent and
 * got no answer: the ledger records them at their reservation (what the provider may bill).
 * Stored as text in the ledger: adding one needs no migration.
 */
export const LLM_CALL_OUTCOMES = ['ok', 'invalid', 'repaired', 'error', 'timeout', 'aborted', 'rate_limited', 'breaker_open', 'budget_refused'] as const;
export const LlmCallOutcome = z.enum(LLM_CALL_OUTCOMES);
export type LlmCallOutcome = z.infer<typeof LlmCallOutcome>;

/**
 * One provider request (or one refused before it was sent), as the LLM client reports it to the
 * cost ledger and the metrics. The ledger's row (`LedgerCall`) is this record plus who it was for.
 */
export const LlmCallRecord = z.object({
  decisionId: z.string().optional(),
  provider: z.string(),
  model: z.string(),
  /** 1-based number of this request within the decision (0 when none was sent). */
  attempt: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  /** What the call cost (from the provider's `usage`); 0 when nothing was billed. */
  costUsd: z.number().min(0),
  /** What was reserved for it before it was sent (0 when nothing was). */
  reservedUsd: z.number().min(0),
  /** The budget reservation it was made under, when there was one. */
  reservationId: z.string().optional(),
  /** True when no answer came for a sent request and `costUsd` is its reservation, not a bill read from `usage`. */
  chargedAtReservation: z.boolean().optional(),
  outcome: LlmCallOutcome,
  latencyMs: z.number().min(0),
  /** Epoch ms when the request was sent (or refused). */
  startedAt: z.number(),
  /** True for a hedged request (fired while an earlier one was still running). */
  hedged: z.boolean().optional(),
  /** HTTP status, when the provider answered with an error. */
  status: z.number().int().optional(),
  error: z.string().optional(),
});
export type LlmCallRecord = z.infer<typeof LlmCallRecord>;

/** A row of the cost ledger: the call, its budget day, and the NPC and API key it was made for. */
export const LedgerCall = LlmCallRecord.extend({
  /** Default: a random uuid. A retried insert with the same id is skipped. */
  id: z.string().optional(),
  /** The budget day ('YYYY-MM-DD' in the budget time zone; `DailyBudget.day()` / `reservation.day`). */
  day: z.string(),
  npcId: z.string().optional(),
  apiKeyId: z.string().optional(),
});
export type LedgerCall = z.infer<typeof LedgerCall>;
