import type { ReservationAhead } from './budget-ahead';
import { DecisionState, type Settings } from './decision-state';
import { Failover } from './failover';
import { buildPrompt, newCanary, type BuiltPrompt, type ChatMessage } from './prompt';
import { ProviderSlot } from './provider-slot';
import { decisionResponseFormat } from './schema';
import { reservationFor } from './turn';
import type { LlmClientOptions, LlmDecideHooks, LlmDecideInput, LlmOutcome, ProviderHealth } from './types';

export * from './types';
export * from './budget-ahead';

/**
 * Tokens allowed for a prompt's memory lines in a reservation asked for before they are read
 * (`reservationAhead`): a few lines. A longer memory makes the real amount larger than the one
 * asked for ahead, and the client then reserves as always (one more round trip, never less money).
 */
const MEMORY_ALLOWANCE_TOKENS = 400;

/** Default estimate: ~4 characters per token plus the chat framing. */
export function estimateTokensByLength(messages: readonly ChatMessage[]): number {
  let n = 3;
  for (const m of messages) n += Math.ceil(m.content.length / 4) + 4;
  return n;
}

/**
 * The LLM provider client: ordered failover over OpenAI-compatible providers (failover.ts), a
 * circuit breaker per provider (provider-slot.ts), retries and hedging bounded by the decision's
 * deadline, a budget reservation before every request, structured output narrowed to the allowed
 * actions, validation with one repair round (turn.ts), and a record of every call. The provider
 * clients are built once here and reused by every decision.
 */
export class LlmClient {
  private readonly slots: ProviderSlot[];
  private readonly s: Settings;
  readonly canary: string;
  private readonly maxServiceEntries: number;

  constructor(opts: LlmClientOptions) {
    this.slots = opts.providers.map((p) => new ProviderSlot(p, opts.breakerThreshold ?? 5, opts.breakerCooldownMs ?? 30_000));
    this.canary = opts.canary ?? newCanary();
    this.maxServiceEntries = opts.maxServiceEntries ?? 25;
    this.s = {
      maxTokens: opts.maxTokens ?? 200,
      temperature: opts.temperature ?? 0.7,
      retries: opts.retries ?? 1,
      retryBaseMs: opts.retryBaseMs ?? 25,
      hedgeAfterMs: opts.hedgeAfterMs,
      minAttemptMs: opts.minAttemptMs ?? 25,
      repair: opts.repair ?? true,
      reserveFactor: opts.reserveFactor ?? 1.2,
      estimateTokens: opts.estimateTokens ?? estimateTokensByLength,
      random: opts.random ?? Math.random,
      rateGate: opts.rateGate,
    };
  }

  /** Breaker state of each provider, in priority order (for the router and metrics). */
  health(): ProviderHealth[] {
    const now = Date.now();
    return this.slots.map((p) => p.health(now));
  }

  /** True when at least one provider would take a request now. */
  available(): boolean {
    return this.health().some((h) => h.available);
  }

  /** The prompt this client would send for `input` (for inspection and tests). */
  prompt(input: Pick<LlmDecideInput, 'npc' | 'request' | 'memory'>): BuiltPrompt {
    return buildPrompt({ ...input, canary: this.canary, maxServiceEntries: this.maxServiceEntries });
  }

  /**
   * What the first request of a decision will most likely reserve, at most, before its memory is
   * read: the provider first in line now, the prompt without memory plus an allowance for it. For
   * `AheadBudgetGate`, so the reservation shares the round trip of the stage's reads. Null: no
   * provider would take a request now.
   */
  reservationAhead(input: Pick<LlmDecideInput, 'npc' | 'request' | 'decisionId'>): ReservationAhead | null {
    const now = Date.now();
    const slot = this.slots.find((p) => p.health(now).available);
    if (!slot) return null;
    const { messages } = this.prompt({ npc: input.npc, request: input.request });
    const { usd, forCall } = reservationFor(this.s, slot, messages, decisionResponseFormat(input.request.allowedActions), input.decisionId, MEMORY_ALLOWANCE_TOKENS);
    return { usd, forCall };
  }

  /** Asks the providers for one decision; never throws for provider trouble (see `LlmOutcome`). */
  async decide(input: LlmDecideInput, hooks: LlmDecideHooks = {}): Promise<LlmOutcome> {
    if (this.slots.length === 0) return { ok: false, reason: 'no_providers', calls: [], attempts: 0, costUsd: 0 };
    return new Failover(this.slots, new DecisionState(this.s, input, hooks, this.prompt(input))).run();
  }
}
