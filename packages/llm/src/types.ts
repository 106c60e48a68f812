import type { DecisionBody, LlmCallRecord } from '@npc/contracts';
import type { ProviderConfig } from './providers';
import type { ChatMessage, PromptNpc, PromptRequest } from './prompt';

// The call record is the ledger's row type too (one zod schema in @npc/contracts).
export { LLM_CALL_OUTCOMES, LlmCallOutcome, LlmCallRecord } from '@npc/contracts';

/**
 * A request-rate limit shared by every client (`redisRateGate` keeps it in Redis): asked right
 * before each request to a provider that has an `rpm`.
 */
export interface ProviderRateGate {
  /** Takes one request of `provider`'s window: 0 when taken, else the ms until one frees up. */
  take(provider: ProviderConfig): Promise<number>;
}

/** Who a reservation is for: stored with it, so that one left unsettled can be traced to its call. */
export interface ReservationFor {
  provider: string;
  decisionId?: string;
}

/**
 * The spending gate (`budgetGate` of packages/cost implements it). Amounts in USD.
 *
 * What providers bill decides which of settle and release a reservation gets: a request that left
 * the process is billed by its provider whatever happens to it afterwards (a client timeout, a
 * hedge loser aborted, the deadline), so it is settled — with the billed `usage` when an answer
 * came, else at its reservation (the most it can have cost). Only a request that never left (the
 * breaker was open, the connection was refused, aborted before it was sent) or that the provider
 * answered with an error status (not billed) is released.
 */
export interface BudgetGate {
  /** Holds `usd` of the budget; null when the budget cannot cover it (then no request is sent). */
  reserve(usd: number, forCall?: ReservationFor): Promise<{ id: string } | null>;
  /** Replaces a reservation by what the call really cost. */
  settle(reservation: { id: string }, actualUsd: number): Promise<unknown>;
  /** Gives a reservation back unused (no request was billed). */
  release(reservation: { id: string }): Promise<void>;
}

/** Why no LLM answer: … `quota` is the caller's (not the client's): a daily quota of its key or player is spent. */
export type LlmFailureReason = 'no_providers' | 'budget' | 'all_failed' | 'deadline' | 'invalid' | 'quota';

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export type LlmOutcome =
  | {
      ok: true;
      body: DecisionBody;
      provider: string;
      model: string;
      /** Tokens of every request of this decision (the repair and hedged ones included). */
      usage: LlmUsage;
      /** What this decision cost in provider fees, every request included. */
      costUsd: number;
      /** Provider requests sent for this decision. */
      attempts: number;
      calls: LlmCallRecord[];
    }
  | {
      ok: false;
      reason: LlmFailureReason;
      calls: LlmCallRecord[];
      attempts: number;
      costUsd: number;
    };

export interface LlmDecideInput {
  npc: PromptNpc;
  request: PromptRequest;
  memory?: readonly string[];
  /** Epoch ms by which the answer is needed; no request runs past it. */
  deadlineAt: number;
  decisionId?: string;
}

export interface LlmDecideHooks {
  budget?: BudgetGate;
  onCall?: (call: LlmCallRecord) => void;
}

export type BreakerStateName = 'closed' | 'open' | 'half_open' | 'isolated';

export interface ProviderHealth {
  name: string;
  model: string;
  /** `half_open` also when open but past the cooldown: the next request is the probe. */
  state: BreakerStateName;
  /** Whether a request would be sent to it now (breaker and Retry-After permitting). */
  available: boolean;
  /** Smoothed latency of its recent answers (ms), null before the first. */
  latencyMs: number | null;
  /** Epoch ms until which a 429's Retry-After holds it back, null when none. */
  rateLimitedUntil: number | null;
}

export interface LlmClientOptions {
  providers: readonly ProviderConfig[];
  /** Completion cap per request unless the provider sets `maxTokens` (default 200). */
  maxTokens?: number;
  /** Sampling temperature unless the provider sets one (default 0.7). */
  temperature?: number;
  /** Consecutive failures that open a provider's breaker (default 5). */
  breakerThreshold?: number;
  /** How long an open breaker blocks its provider before a half-open probe (ms, default 30 000). */
  breakerCooldownMs?: number;
  /** Extra rounds over providers that failed transiently, each after a jittered pause (default 1). */
  retries?: number;
  /** Base of the jittered exponential pause between rounds (ms, default 25). */
  retryBaseMs?: number;
  /** Fire the next provider in parallel when a request has not answered after this long (off by default). */
  hedgeAfterMs?: number;
  /** Never start a request with less time than this before the deadline (ms, default 25). */
  minAttemptMs?: number;
  /** Send the validation error back once for a corrected answer (default true). */
  repair?: boolean;
  /** Pessimism factor on the input-token estimate when reserving (default 1.2). */
  reserveFactor?: number;
  /** Input-token estimate of a prompt (default: characters / 4 + 4 per message). */
  estimateTokens?: (messages: readonly ChatMessage[]) => number;
  /** Hidden tag of the system prompt (default: random per client). */
  canary?: string;
  /** Cap on service entries listed in the prompt (default 25). */
  maxServiceEntries?: number;
  /** Randomness for jitter (tests). */
  random?: () => number;
  /** The shared per-provider request limit (providers with an `rpm`); none: no limit of ours. */
  rateGate?: ProviderRateGate;
}

