/**
 * The one deadline policy of a decision: for a request, when each stage must give up on slower
 * work and when the gateway stops waiting and answers from its own rules. Every place that asks
 * "is there time for …?" asks this object (the router, the inference and LLM stages, the gateway's
 * wait), so the figures live here and in the environment (`deadlinePolicyFrom`), nowhere else.
 *
 *   receivedAt ─────────────────────────────────────────────── deadlineAt
 *     deadlineMs < fastPathMs: the rules answer at once (no model, no paid hop)
 *     deadlineMs < llmMinDeadlineMs: never routed to the LLM
 *                         paid work starts only while ≥ paidWorkMinLeftMs are left ─┤
 *                                          the gateway falls back at deadlineAt − marginMs ─┤
 */
export interface DeadlineSettings {
  /** The gateway answers from its own rules this many ms before the deadline (`DEADLINE_MARGIN_MS`). */
  marginMs: number;
  /** Below this deadline no model or paid hop is worth its latency: the rules answer directly. */
  fastPathMs: number;
  /** Requests with a shorter deadline never go to the LLM: it could not answer in time (`LLM_MIN_DEADLINE_MS`). */
  llmMinDeadlineMs: number;
  /** No paid work (an LLM call, a forward to the LLM queue) starts with less time than this left. */
  paidWorkMinLeftMs: number;
}

export const DEFAULT_DEADLINES: Readonly<DeadlineSettings> = { marginMs: 3, fastPathMs: 50, llmMinDeadlineMs: 800, paidWorkMinLeftMs: 50 };

export class DeadlinePolicy {
  readonly settings: Readonly<DeadlineSettings>;

  constructor(settings: Partial<DeadlineSettings> = {}) {
    this.settings = { ...DEFAULT_DEADLINES, ...settings };
  }

  /** A deadline too short for anything but the rules. */
  rulesOnly(deadlineMs: number): boolean {
    return deadlineMs < this.settings.fastPathMs;
  }

  /** A deadline long enough for an LLM answer. */
  allowsLlm(deadlineMs: number): boolean {
    return deadlineMs >= this.settings.llmMinDeadlineMs;
  }

  /** True while paid work may still start for a decision due at `deadlineAt`. */
  paidWorkMayStart(deadlineAt: number, now = Date.now()): boolean {
    return deadlineAt - now >= this.settings.paidWorkMinLeftMs;
  }

  /** Epoch ms at which the gateway stops waiting for a stage and answers itself. */
  fallbackAt(deadlineAt: number): number {
    return deadlineAt - this.settings.marginMs;
  }

  /** ms the gateway still waits for a stage's answer (0 when it is time to fall back). */
  waitLeft(deadlineAt: number, now = Date.now()): number {
    return Math.max(0, this.fallbackAt(deadlineAt) - now);
  }
}

/** The policy from a process's validated config (the figures the environment does not set keep their defaults). */
export function deadlinePolicyFrom(config: { DEADLINE_MARGIN_MS?: number; LLM_MIN_DEADLINE_MS?: number }): DeadlinePolicy {
  return new DeadlinePolicy({
    ...(config.DEADLINE_MARGIN_MS !== undefined ? { marginMs: config.DEADLINE_MARGIN_MS } : {}),
    ...(config.LLM_MIN_DEADLINE_MS !== undefined ? { llmMinDeadlineMs: config.LLM_MIN_DEADLINE_MS } : {}),
  });
}

/** The policy when none is configured (tests, tools). */
export const DEFAULT_DEADLINE_POLICY = new DeadlinePolicy();
