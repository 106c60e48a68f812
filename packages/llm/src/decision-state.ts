import type { DecisionBody, LlmCallRecord } from '@npc/contracts';
import type { BuiltPrompt, ChatMessage } from './prompt';
import type { ProviderSlot } from './provider-slot';
import { decisionResponseFormat, type DecisionResponseFormat } from './schema';
import type { LlmDecideHooks, LlmDecideInput, LlmFailureReason, LlmOutcome, ProviderRateGate } from './types';

/** The client's options with their defaults applied (see `LlmClientOptions`). */
export interface Settings {
  maxTokens: number;
  temperature: number;
  retries: number;
  retryBaseMs: number;
  hedgeAfterMs: number | undefined;
  minAttemptMs: number;
  repair: boolean;
  reserveFactor: number;
  estimateTokens: (messages: readonly ChatMessage[]) => number;
  random: () => number;
  rateGate: ProviderRateGate | undefined;
}

/**
 * The state of one `decide()`: its prompt, deadline and response format, what it has spent, the
 * calls it made (each reported to `hooks.onCall` as it ends), and why it stopped when no answer came.
 */
export class DecisionState {
  readonly calls: LlmCallRecord[] = [];
  readonly format: DecisionResponseFormat;
  /** Aborted at the deadline: every request still in flight is cut. */
  readonly master = new AbortController();
  attempts = 0;
  cost = 0;
  inTok = 0;
  outTok = 0;
  budgetRefused = false;
  deadlineStopped = false;
  sawInvalid = false;
  sawFault = false;

  constructor(
    readonly s: Settings,
    readonly input: LlmDecideInput,
    readonly hooks: LlmDecideHooks,
    readonly prompt: BuiltPrompt,
  ) {
    this.format = decisionResponseFormat(input.request.allowedActions);
  }

  /** Milliseconds left before the deadline. */
  left(): number {
    return this.input.deadlineAt - Date.now();
  }

  record(r: Omit<LlmCallRecord, 'decisionId'>): void {
    const rec: LlmCallRecord = this.input.decisionId ? { decisionId: this.input.decisionId, ...r } : r;
    this.calls.push(rec);
    try {
      this.hooks.onCall?.(rec);
    } catch {
      // A failing listener must not change the decision.
    }
  }

  /** Records a provider skipped without a request. */
  skipRecord(slot: ProviderSlot, outcome: 'breaker_open' | 'rate_limited' | 'budget_refused', error: string, reservedUsd = 0): void {
    this.record({
      provider: slot.cfg.name, model: slot.cfg.model, attempt: 0, inputTokens: 0, outputTokens: 0,
      costUsd: 0, reservedUsd, outcome, latencyMs: 0, startedAt: Date.now(), error,
    });
  }

  success(body: DecisionBody, slot: ProviderSlot): LlmOutcome {
    return {
      ok: true, body, provider: slot.cfg.name, model: slot.cfg.model,
      usage: { inputTokens: this.inTok, outputTokens: this.outTok }, costUsd: this.cost,
      attempts: this.attempts, calls: [...this.calls],
    };
  }

  failure(reason: LlmFailureReason = this.failureReason()): LlmOutcome {
    return { ok: false, reason, calls: [...this.calls], attempts: this.attempts, costUsd: this.cost };
  }

  private failureReason(): LlmFailureReason {
    if (this.budgetRefused) return 'budget';
    if (this.sawInvalid && !this.sawFault) return 'invalid';
    if (this.deadlineStopped || this.left() <= 0) return 'deadline';
    return 'all_failed';
  }
}
