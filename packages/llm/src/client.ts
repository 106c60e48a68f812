import OpenAI from 'openai';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { DecisionBody } from '@npc/contracts';
import { costUsd, type ProviderConfig } from './providers';
import { buildPrompt, newCanary, type BuiltPrompt, type ChatMessage, type PromptNpc, type PromptRequest } from './prompt';
import { decisionResponseFormat, type DecisionResponseFormat } from './schema';
import { validateOutput } from './validate';

/**
 * A request-rate limit shared by every client (apps/worker-llm keeps it in Redis): asked right
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
 * The spending gate (packages/cost implements it). Amounts in USD.
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

/**
 * How a provider request ended. `timeout` and `aborted` (a hedge loser, the deadline) were sent and
 * got no answer: the ledger records them at their reservation (what the provider may bill).
 */
export type LlmCallOutcome =
  | 'ok' | 'invalid' | 'repaired' | 'error' | 'timeout' | 'aborted' | 'rate_limited' | 'breaker_open' | 'budget_refused';

/** One provider request (or one refused before it was sent), for the cost ledger and metrics. */
export interface LlmCallRecord {
  decisionId?: string;
  provider: string;
  model: string;
  /** 1-based number of this request within the decision (0 when none was sent). */
  attempt: number;
  inputTokens: number;
  outputTokens: number;
  /** What the call cost (from the provider's `usage`); 0 when nothing was billed. */
  costUsd: number;
  /** What was reserved for it before it was sent (0 when nothing was). */
  reservedUsd: number;
  /** The budget reservation it was made under, when there was one. */
  reservationId?: string;
  /** True when no answer came for a sent request and `costUsd` is its reservation, not a bill read from `usage`. */
  chargedAtReservation?: boolean;
  outcome: LlmCallOutcome;
  latencyMs: number;
  /** Epoch ms when the request was sent (or refused). */
  startedAt: number;
  /** True for a hedged request (fired while an earlier one was still running). */
  hedged?: boolean;
  /** HTTP status, when the provider answered with an error. */
  status?: number;
  error?: string;
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

/** Default estimate: ~4 characters per token plus the chat framing. */
export function estimateTokensByLength(messages: readonly ChatMessage[]): number {
  let n = 3;
  for (const m of messages) n += Math.ceil(m.content.length / 4) + 4;
  return n;
}

const BREAKER_STATE: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/** A failure that says something about the provider's health (counted by its breaker). */
class ProviderFault extends Error {
  constructor(
    readonly outcome: 'error' | 'timeout',
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** False when the request surely never left the process (the connection was refused). */
    readonly sent = true,
  ) {
    super(message);
  }
}
/** A failure that does not (ours, or a rate limit): not counted by the breaker. */
class NotAFault extends Error {
  constructor(
    readonly kind: 'rate_limited' | 'aborted',
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  const s = Number(ra);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const short = (e: unknown) => String(e instanceof Error ? e.message : e).slice(0, 200);

class ProviderSlot {
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
}

type AttemptResult =
  | { kind: 'response'; content: string; usage: LlmUsage | null; latencyMs: number }
  | { kind: 'fault'; outcome: 'error' | 'timeout'; error: string; status?: number; retryable: boolean; latencyMs: number; sent: boolean }
  | { kind: 'rate_limited'; error: string; status?: number; retryAfterMs?: number; latencyMs: number }
  | { kind: 'breaker_open' }
  | { kind: 'aborted'; latencyMs: number; sent: boolean };

/**
 * What the provider bills for a request that got no usable `usage`: nothing when it never left the
 * process or the provider answered it with an error status; else (no answer: timeout, abort, a
 * connection cut mid-answer) the request was sent and may be billed in full.
 */
function billedWithoutUsage(res: Exclude<AttemptResult, { kind: 'response' }>): boolean {
  if (res.kind === 'breaker_open') return false;
  if (res.kind === 'rate_limited') return res.status === undefined;
  if (res.kind === 'aborted') return res.sent;
  return res.sent && res.status === undefined;
}

type TurnResult =
  | { ok: true; body: DecisionBody; slot: ProviderSlot }
  | { ok: false; slot: ProviderSlot; retryable: boolean };

interface Settings {
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

const schemaTokens = new WeakMap<DecisionResponseFormat, number>();
function tokensOfSchema(f: DecisionResponseFormat): number {
  let n = schemaTokens.get(f);
  if (n === undefined) {
    n = Math.ceil(JSON.stringify(f.json_schema.schema).length / 4);
    schemaTokens.set(f, n);
  }
  return n;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * The LLM provider client: ordered failover over OpenAI-compatible providers, a circuit breaker
 * per provider, retries and hedging bounded by the decision's deadline, a budget reservation
 * before every request, structured output narrowed to the allowed actions, validation with one
 * repair round, and a record of every call.
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
    return this.slots.map((p) => ({
      name: p.cfg.name,
      model: p.cfg.model,
      state: p.stateName(now),
      available: p.breakerAllows(now) && p.rateLimitedUntil <= now,
      latencyMs: p.latencyEwma === null ? null : Math.round(p.latencyEwma),
      rateLimitedUntil: p.rateLimitedUntil > now ? p.rateLimitedUntil : null,
    }));
  }

  /** True when at least one provider would take a request now. */
  available(): boolean {
    return this.health().some((h) => h.available);
  }

  /** The prompt this client would send for `input` (for inspection and tests). */
  prompt(input: Pick<LlmDecideInput, 'npc' | 'request' | 'memory'>): BuiltPrompt {
    return buildPrompt({ ...input, canary: this.canary, maxServiceEntries: this.maxServiceEntries });
  }

  /** Asks the providers for one decision; never throws for provider trouble (see `LlmOutcome`). */
  async decide(input: LlmDecideInput, hooks: LlmDecideHooks = {}): Promise<LlmOutcome> {
    if (this.slots.length === 0) return { ok: false, reason: 'no_providers', calls: [], attempts: 0, costUsd: 0 };
    return new DecisionRun(this.slots, this.s, input, hooks, this.prompt(input)).run();
  }
}

/** The state of one `decide()`: its prompt, deadline, spending and calls. */
class DecisionRun {
  private readonly calls: LlmCallRecord[] = [];
  private readonly format: DecisionResponseFormat;
  private readonly master = new AbortController();
  private attempts = 0;
  private cost = 0;
  private inTok = 0;
  private outTok = 0;
  private budgetRefused = false;
  private deadlineStopped = false;
  private sawInvalid = false;
  private sawFault = false;
  // Turn scheduling: round 0 tries every provider in order; later rounds retry the transient failures.
  private pending: ProviderSlot[];
  private retryable: ProviderSlot[] = [];
  private round = 0;

  constructor(
    slots: readonly ProviderSlot[],
    private readonly s: Settings,
    private readonly input: LlmDecideInput,
    private readonly hooks: LlmDecideHooks,
    private readonly prompt: BuiltPrompt,
  ) {
    this.pending = [...slots];
    this.format = decisionResponseFormat(input.request.allowedActions);
  }

  private left(): number {
    return this.input.deadlineAt - Date.now();
  }

  private record(r: Omit<LlmCallRecord, 'decisionId'>): void {
    const rec: LlmCallRecord = this.input.decisionId ? { decisionId: this.input.decisionId, ...r } : r;
    this.calls.push(rec);
    try {
      this.hooks.onCall?.(rec);
    } catch {
      // A failing listener must not change the decision.
    }
  }

  private skipRecord(slot: ProviderSlot, outcome: 'breaker_open' | 'rate_limited' | 'budget_refused', error: string, reservedUsd = 0): void {
    this.record({
      provider: slot.cfg.name, model: slot.cfg.model, attempt: 0, inputTokens: 0, outputTokens: 0,
      costUsd: 0, reservedUsd, outcome, latencyMs: 0, startedAt: Date.now(), error,
    });
  }

  /**
   * Runs the schedule, but answers at the deadline whatever is still in flight: the in-flight
   * requests are aborted and clean up (release their reservations, report their calls) after
   * decide() has returned, so that I/O backlog can never hold the caller past its deadline.
   */
  async run(): Promise<LlmOutcome> {
    let deadlineTimer: NodeJS.Timeout | undefined;
    const atDeadline = new Promise<LlmOutcome>((resolve) => {
      deadlineTimer = setTimeout(() => {
        this.master.abort();
        resolve(this.failure(this.budgetRefused ? 'budget' : 'deadline'));
      }, Math.max(0, this.left()));
    });
    const scheduled = this.schedule();
    scheduled.catch(() => undefined); // a late rejection after the deadline answer is not unhandled
    try {
      return await Promise.race([scheduled, atDeadline]);
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  private failure(reason: LlmFailureReason = this.failureReason()): LlmOutcome {
    return { ok: false, reason, calls: [...this.calls], attempts: this.attempts, costUsd: this.cost };
  }

  /** The next provider to try now, or null. May pause (jitter, Retry-After) only when `mayWait`. */
  private async nextSlot(mayWait: boolean): Promise<ProviderSlot | null> {
    for (;;) {
      if (this.budgetRefused || this.master.signal.aborted) return null;
      if (this.pending.length === 0) {
        if (!mayWait || this.round >= this.s.retries || this.retryable.length === 0) return null;
        this.round++;
        this.pending = this.retryable;
        this.retryable = [];
        const pause = this.s.retryBaseMs * 2 ** (this.round - 1) * (0.5 + this.s.random());
        if (pause + this.s.minAttemptMs > this.left()) {
          this.deadlineStopped = true;
          return null;
        }
        await sleep(pause, this.master.signal);
        continue;
      }
      const slot = this.pending[0];
      if (!slot) return null;
      const now = Date.now();
      if (!slot.breakerAllows(now)) {
        this.pending.shift();
        this.skipRecord(slot, 'breaker_open', 'circuit open');
        continue;
      }
      if (slot.rateLimitedUntil > now) {
        const wait = slot.rateLimitedUntil - now;
        if (this.round === 0 || !mayWait || wait + slot.expectedMs(this.s.minAttemptMs) > this.left()) {
          // Try the others first; in a retry round, wait only when the answer still fits.
          this.pending.shift();
          if (this.round < this.s.retries) this.retryable.push(slot);
          else this.skipRecord(slot, 'rate_limited', `Retry-After ${wait} ms does not fit the deadline`);
          continue;
        }
        await sleep(wait, this.master.signal);
        continue;
      }
      if (slot.expectedMs(this.s.minAttemptMs) > this.left()) {
        // It cannot answer in time; a faster provider further down might.
        this.pending.shift();
        this.deadlineStopped = true;
        continue;
      }
      this.pending.shift();
      return slot;
    }
  }

  private async schedule(): Promise<LlmOutcome> {
    type Running = { ctrl: AbortController; done: Promise<TurnResult & { id: number }> };
    const running = new Map<number, Running>();
    let nextId = 0;
    let lastLaunch = 0;
    const launch = (slot: ProviderSlot, hedged: boolean) => {
      const id = nextId++;
      const ctrl = new AbortController();
      const onMaster = () => ctrl.abort();
      this.master.signal.addEventListener('abort', onMaster, { once: true });
      const done = this.turn(slot, ctrl.signal, hedged)
        .catch((): TurnResult => ({ ok: false, slot, retryable: false }))
        .then((r) => {
          this.master.signal.removeEventListener('abort', onMaster);
          return { ...r, id };
        });
      running.set(id, { ctrl, done });
      lastLaunch = Date.now();
    };

    const first = await this.nextSlot(true);
    if (first) launch(first, false);
    let hedgeOff = false;
    while (running.size > 0) {
      const hedgeAt = this.s.hedgeAfterMs;
      const canHedge = hedgeAt !== undefined && !hedgeOff && running.size < 2 && !this.budgetRefused && this.pending.length > 0;
      let timer: NodeJS.Timeout | undefined;
      const races: Promise<(TurnResult & { id: number }) | 'hedge'>[] = [...running.values()].map((r) => r.done);
      if (canHedge) {
        races.push(new Promise((resolve) => {
          timer = setTimeout(() => resolve('hedge'), Math.max(0, lastLaunch + hedgeAt - Date.now()));
        }));
      }
      const r = await Promise.race(races);
      if (timer) clearTimeout(timer);
      if (r === 'hedge') {
        const slot = await this.nextSlot(false);
        if (slot) launch(slot, true);
        else hedgeOff = true;
        continue;
      }
      running.delete(r.id);
      if (r.ok) {
        // First valid answer wins: abort the others and let them give their reservations back.
        for (const other of running.values()) other.ctrl.abort();
        await Promise.allSettled([...running.values()].map((o) => o.done));
        return {
          ok: true, body: r.body, provider: r.slot.cfg.name, model: r.slot.cfg.model,
          usage: { inputTokens: this.inTok, outputTokens: this.outTok }, costUsd: this.cost,
          attempts: this.attempts, calls: [...this.calls],
        };
      }
      if (r.retryable) this.retryable.push(r.slot);
      if (running.size === 0) {
        const slot = await this.nextSlot(true);
        if (slot) launch(slot, false);
      }
    }
    return this.failure();
  }

  private failureReason(): LlmFailureReason {
    if (this.budgetRefused) return 'budget';
    if (this.sawInvalid && !this.sawFault) return 'invalid';
    if (this.deadlineStopped || this.left() <= 0) return 'deadline';
    return 'all_failed';
  }

  /** One provider's turn: a request, and one repair request if the answer was invalid. */
  private async turn(slot: ProviderSlot, signal: AbortSignal, hedged: boolean): Promise<TurnResult> {
    let messages: ChatMessage[] = this.prompt.messages;
    let repairing = false;
    for (;;) {
      const sent = await this.send(slot, messages, signal, hedged);
      if (sent === null) return { ok: false, slot, retryable: false };
      const { res, startedAt, reservedUsd, reservationId, usage, cost, attempt } = sent;
      const base = {
        provider: slot.cfg.name, model: slot.cfg.model, attempt, startedAt, reservedUsd,
        inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0, costUsd: cost,
        ...(reservationId ? { reservationId } : {}),
        ...(res.kind !== 'response' && cost > 0 ? { chargedAtReservation: true } : {}),
        ...(hedged ? { hedged } : {}),
      };
      if (res.kind === 'breaker_open') {
        this.record({ ...base, outcome: 'breaker_open', latencyMs: 0, error: 'circuit open' });
        return { ok: false, slot, retryable: false };
      }
      if (res.kind === 'aborted') {
        this.record({
          ...base, outcome: res.sent ? 'aborted' : 'error', latencyMs: res.latencyMs,
          error: `aborted (another answer won or the deadline passed)${res.sent ? '; sent, so settled at its reservation' : ' before it was sent'}`,
        });
        return { ok: false, slot, retryable: false };
      }
      if (res.kind === 'rate_limited') {
        if (res.retryAfterMs !== undefined) slot.rateLimitedUntil = Math.max(slot.rateLimitedUntil, Date.now() + res.retryAfterMs);
        this.sawFault = true;
        this.record({ ...base, outcome: 'rate_limited', latencyMs: res.latencyMs, error: res.error, ...(res.status ? { status: res.status } : {}) });
        return { ok: false, slot, retryable: true };
      }
      if (res.kind === 'fault') {
        this.sawFault = true;
        const error = cost > 0 ? `${res.error}; sent, so settled at its reservation` : res.error;
        this.record({ ...base, outcome: res.outcome, latencyMs: res.latencyMs, error, ...(res.status ? { status: res.status } : {}) });
        return { ok: false, slot, retryable: res.retryable };
      }
      const v = validateOutput(res.content, {
        allowedActions: this.input.request.allowedActions,
        leakGuard: this.prompt.leakGuard,
        ...(this.input.npc.services ? { services: this.input.npc.services } : {}),
      });
      if (v.ok) {
        this.record({ ...base, outcome: repairing ? 'repaired' : 'ok', latencyMs: res.latencyMs });
        return { ok: true, body: v.body, slot };
      }
      this.sawInvalid = true;
      this.record({ ...base, outcome: 'invalid', latencyMs: res.latencyMs, error: `${v.kind}: ${v.error}` });
      if (repairing || !this.s.repair || signal.aborted) return { ok: false, slot, retryable: false };
      repairing = true;
      messages = [
        ...this.prompt.messages,
        // A leaked or garbled answer is not echoed back verbatim: only what was wrong with it.
        { role: 'assistant', content: v.kind === 'leak' ? '(answer withheld)' : res.content.slice(0, 2_000) },
        { role: 'user', content: `Your answer was rejected: ${v.error}. Answer again with one JSON object that fits the schema, in character.` },
      ];
    }
  }

  /**
   * Reserve → request → settle (or release: see `BudgetGate`). Null when no request was sent because
   * the deadline or the budget does not allow one (recorded as such).
   */
  private async send(slot: ProviderSlot, messages: ChatMessage[], signal: AbortSignal, hedged: boolean): Promise<{
    res: AttemptResult; startedAt: number; reservedUsd: number; reservationId?: string; usage: LlmUsage | null; cost: number; attempt: number;
  } | null> {
    const need = slot.expectedMs(this.s.minAttemptMs);
    if (signal.aborted) return null;
    if (this.left() < need) {
      this.deadlineStopped = true;
      return null;
    }
    if (slot.cfg.rpm !== undefined && this.s.rateGate) {
      // The provider's shared request budget for this window (all workers together); full or
      // unknown (Redis trouble): skip to the next provider now, and hold this one back meanwhile.
      const waitMs = await this.s.rateGate.take(slot.cfg).catch(() => 1000);
      if (waitMs > 0) {
        slot.rateLimitedUntil = Math.max(slot.rateLimitedUntil, Date.now() + waitMs);
        this.skipRecord(slot, 'rate_limited', `shared limit of ${slot.cfg.rpm} requests/window reached; next slot in ${Math.round(waitMs)} ms`);
        return null;
      }
      if (signal.aborted) return null;
    }
    const maxTokens = slot.cfg.maxTokens ?? this.s.maxTokens;
    const estIn = Math.ceil(this.s.estimateTokens(messages) * this.s.reserveFactor) + tokensOfSchema(this.format);
    const reservedUsd = costUsd(slot.cfg, estIn, maxTokens);
    const budget = this.hooks.budget;
    let reservation: { id: string } | null = null;
    if (budget) {
      const forCall: ReservationFor = { provider: slot.cfg.name, ...(this.input.decisionId ? { decisionId: this.input.decisionId } : {}) };
      const got = await this.untilDeadline(budget.reserve(reservedUsd, forCall), signal);
      if (got === 'late') {
        this.deadlineStopped = true;
        return null;
      }
      if (!got) {
        this.budgetRefused = true;
        this.skipRecord(slot, 'budget_refused', `budget refused ${reservedUsd.toFixed(6)} USD`, reservedUsd);
        return null;
      }
      reservation = got;
      if (this.left() < need || signal.aborted) {
        await budget.release(reservation).catch(() => undefined);
        if (!signal.aborted) this.deadlineStopped = true;
        return null;
      }
    }
    const startedAt = Date.now();
    const timeoutMs = Math.max(1, Math.min(slot.cfg.timeoutMs, this.left()));
    const attempt = ++this.attempts;
    const res = await this.attempt(slot, messages, maxTokens, timeoutMs, signal);
    if (res.kind === 'breaker_open') this.attempts--;
    let usage: LlmUsage | null = null;
    let cost = 0;
    if (res.kind === 'response') {
      slot.observe(res.latencyMs);
      // The provider's billing is the truth; without `usage`, our estimate of what it billed.
      usage = res.usage ?? { inputTokens: estIn, outputTokens: Math.ceil(res.content.length / 4) };
      cost = costUsd(slot.cfg, usage.inputTokens, usage.outputTokens);
      this.cost += cost;
      this.inTok += usage.inputTokens;
      this.outTok += usage.outputTokens;
      if (budget && reservation) await budget.settle(reservation, cost).catch(() => undefined);
    } else if (billedWithoutUsage(res)) {
      // Sent, no answer: the provider may bill it in full, so it costs its reservation. (Settle
      // errors leave the reservation to expire charged; the reconciler settles it from the ledger.)
      cost = reservedUsd;
      this.cost += cost;
      if (budget && reservation) await budget.settle(reservation, cost).catch(() => undefined);
    } else if (budget && reservation) {
      await budget.release(reservation).catch(() => undefined);
    }
    return {
      res, startedAt, reservedUsd: reservation || !budget ? reservedUsd : 0, ...(reservation ? { reservationId: reservation.id } : {}),
      usage, cost, attempt: res.kind === 'breaker_open' ? 0 : attempt,
    };
  }

  /** A budget call raced against the deadline; a reservation that arrives late is given back. */
  private async untilDeadline(p: Promise<{ id: string } | null>, signal: AbortSignal): Promise<{ id: string } | null | 'late'> {
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    const lateP = new Promise<'late'>((resolve) => {
      const fire = () => {
        late = true;
        resolve('late');
      };
      timer = setTimeout(fire, Math.max(0, this.left()));
      signal.addEventListener('abort', fire, { once: true });
    });
    const r = await Promise.race([p, lateP]);
    clearTimeout(timer);
    if (r === 'late' || late) {
      p.then((res) => (res ? this.hooks.budget?.release(res) : undefined)).catch(() => undefined);
      return 'late';
    }
    return r;
  }

  /** One HTTP request through the provider's breaker, cut at `timeoutMs` or when `outer` aborts. */
  private async attempt(slot: ProviderSlot, messages: ChatMessage[], maxTokens: number, timeoutMs: number, outer: AbortSignal): Promise<AttemptResult> {
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
      if (!slot.breakerAllows()) return { kind: 'breaker_open' };
      if (ctrl.signal.aborted) return { kind: 'aborted', latencyMs: 0, sent: false };
      const completion = await slot.breaker.execute(async () => {
        try {
          const r = await slot.sdk.chat.completions.create(
            {
              model: slot.cfg.model,
              messages,
              response_format: this.format,
              max_tokens: maxTokens,
              temperature: slot.cfg.temperature ?? this.s.temperature,
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

/** Connection errors that mean no byte of the request reached the provider. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Whether an error (or one it was caused by) says the connection was never made. */
function neverConnected(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
    const errors = (c as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0 && errors.every((x) => NOT_CONNECTED.has(String((x as { code?: unknown }).code)))) return true;
  }
  return false;
}

/** SDK error → ProviderFault (counts against the provider) or NotAFault. */
function classify(e: unknown, timedOut: boolean, aborted: boolean): Error {
  if (e instanceof ProviderFault || e instanceof NotAFault) return e;
  if (timedOut) return new ProviderFault('timeout', 'timed out', true);
  if (aborted) return new NotAFault('aborted', 'aborted');
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new ProviderFault('timeout', 'timed out', true);
  if (e instanceof OpenAI.APIUserAbortError) return new NotAFault('aborted', 'aborted');
  if (e instanceof OpenAI.APIConnectionError) return new ProviderFault('error', `connection failed: ${short(e.cause ?? e)}`, true, undefined, !neverConnected(e));
  if (e instanceof OpenAI.APIError) {
    const status = e.status;
    if (status === 429) return new NotAFault('rate_limited', short(e), retryAfterMs(e.headers), 429);
    const transient = status === undefined || status >= 500 || status === 408 || status === 409;
    return new ProviderFault('error', `HTTP ${status ?? '?'}: ${short(e)}`, transient, status);
  }
  return new ProviderFault('error', short(e), true);
}
