import OpenAI from 'openai';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { NotAFault, ProviderFault, classify, short, type AttemptResult } from './errors';
import type { ChatMessage } from './prompt';
import type { ProviderConfig } from './providers';
import type { DecisionResponseFormat } from './schema';
import type { BreakerStateName, ProviderHealth } from './types';

const BREAKER_STATE: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};


/** What one request sends besides the messages. */
export interface RequestSettings {
  format: DecisionResponseFormat;
  maxTokens: number;
  /** Used unless the provider sets its own. */
  temperature: number;
  /** Cut the request after this long (ms). */
  timeoutMs: number;
}

/** One provider: its SDK client (built once, connections kept alive), its circuit breaker, and its health. */
export class ProviderSlot {
  readonly sdk: OpenAI;
  readonly breaker: CircuitBreakerPolicy;
  openedAt = 0;
  latencyEwma: number | null = null;
  rateLimitedUntil = 0;

  constructor(
    readonly cfg: ProviderConfig,
    threshold: number,
    readonly cooldownMs: number,
  ) {
    this.sdk = new OpenAI({ baseURL: cfg.baseURL, apiKey: cfg.apiKey, timeout: cfg.timeoutMs, maxRetries: 0 });
    this.breaker = circuitBreaker(handleWhen((e) => e instanceof ProviderFault), {
      halfOpenAfter: cooldownMs,
      breaker: new ConsecutiveBreaker(threshold),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
  }

  /** Whether the breaker lets a request through now (a half-open probe in flight: no). */
  breakerAllows(now = Date.now()): boolean {
    const s = this.breaker.state;
    if (s === CircuitState.Closed) return true;
    if (s === CircuitState.Open) return now - this.openedAt >= this.cooldownMs;
    return false;
  }

  stateName(now = Date.now()): BreakerStateName {
    const s = this.breaker.state;
    if (s === CircuitState.Open && now - this.openedAt >= this.cooldownMs) return 'half_open';
    return BREAKER_STATE[s];
  }

  /** How long a request is expected to take: the smoothed latency, at least `floor`. */
  expectedMs(floor: number): number {
    return Math.max(floor, this.latencyEwma ?? 0);
  }

  observe(latencyMs: number): void {
    this.latencyEwma = this.latencyEwma === null ? latencyMs : this.latencyEwma * 0.8 + latencyMs * 0.2;
  }

  health(now = Date.now()): ProviderHealth {
    return {
      name: this.cfg.name,
      model: this.cfg.model,
      state: this.stateName(now),
      available: this.breakerAllows(now) && this.rateLimitedUntil <= now,
      latencyMs: this.latencyEwma === null ? null : Math.round(this.latencyEwma),
      rateLimitedUntil: this.rateLimitedUntil > now ? this.rateLimitedUntil : null,
    };
  }

  /** Holds the provider back until `until` (epoch ms; a 429's Retry-After, a full shared rate window). */
  holdBack(until: number): void {
    this.rateLimitedUntil = Math.max(this.rateLimitedUntil, until);
  }

  /** One HTTP request through the provider's breaker, cut at `timeoutMs` or when `outer` aborts. */
  async request(messages: ChatMessage[], o: RequestSettings, outer: AbortSignal): Promise<AttemptResult> {
    const { timeoutMs } = o;
    const ctrl = new AbortController();
    let timedOut = false;
    const onOuter = () => ctrl.abort();
    outer.addEventListener('abort', onOuter, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, timeoutMs);
    const t0 = performance.now();
    const ms = () => Math.round((performance.now() - t0) * 100) / 100;
    try {
      // Checked synchronously right before execute(): a half-open breaker's other callers would
      // otherwise queue behind its probe instead of moving on.
      if (!this.breakerAllows()) return { kind: 'breaker_open' };
      if (ctrl.signal.aborted) return { kind: 'aborted', latencyMs: 0, sent: false };
      const completion = await this.breaker.execute(async () => {
        try {
          const r = await this.sdk.chat.completions.create(
            {
              model: this.cfg.model,
              messages,
              response_format: o.format,
              max_tokens: o.maxTokens,
              temperature: this.cfg.temperature ?? o.temperature,
            },
            { signal: ctrl.signal, timeout: timeoutMs + 1_000, maxRetries: 0 },
          );
          if (!r || !Array.isArray(r.choices) || !r.choices[0]) throw new ProviderFault('error', 'no choices in the response', true);
          return r;
        } catch (e) {
          throw classify(e, timedOut, outer.aborted);
        }
      });
      const choice = completion.choices[0];
      const message = choice?.message;
      const content = message?.content ?? '';
      const u = completion.usage;
      return {
        kind: 'response',
        content,
        usage: u ? { inputTokens: u.prompt_tokens ?? 0, outputTokens: u.completion_tokens ?? 0 } : null,
        latencyMs: ms(),
      };
    } catch (e) {
      if (e instanceof BrokenCircuitError) return { kind: 'breaker_open' };
      if (e instanceof NotAFault) {
        if (e.kind === 'aborted') return { kind: 'aborted', latencyMs: ms(), sent: true };
        return { kind: 'rate_limited', error: e.message, latencyMs: ms(), ...(e.status ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) };
      }
      if (e instanceof ProviderFault) {
        return { kind: 'fault', outcome: e.outcome, error: e.message, retryable: e.retryable, latencyMs: ms(), sent: e.sent, ...(e.status ? { status: e.status } : {}) };
      }
      return { kind: 'fault', outcome: 'error', error: short(e), retryable: true, latencyMs: ms(), sent: true };
    } finally {
      clearTimeout(timer);
      outer.removeEventListener('abort', onOuter);
    }
  }
}
