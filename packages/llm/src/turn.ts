import type { DecisionBody } from '@npc/contracts';
import type { DecisionState, Settings } from './decision-state';
import { billedWithoutUsage, type AttemptResult } from './errors';
import type { ChatMessage } from './prompt';
import type { ProviderSlot } from './provider-slot';
import { costUsd } from './providers';
import type { DecisionResponseFormat } from './schema';
import type { BudgetGate, LlmUsage, ReservationFor } from './types';
import { validateOutput } from './validate';

/**
 * One provider's turn within a decision: reserve → request → settle (or release), then validation
 * and at most one repair request, each request recorded for the ledger.
 */

export type TurnResult =
  | { ok: true; body: DecisionBody; slot: ProviderSlot }
  | { ok: false; slot: ProviderSlot; retryable: boolean };

const schemaTokens = new WeakMap<DecisionResponseFormat, number>();
/** Tokens a response format adds to a request (its JSON schema, counted by length; memoised per format). */
function tokensOfSchema(f: DecisionResponseFormat): number {
  let n = schemaTokens.get(f);
  if (n === undefined) {
    n = Math.ceil(JSON.stringify(f.json_schema.schema).length / 4);
    schemaTokens.set(f, n);
  }
  return n;
}

/**
 * What a request to `slot` reserves: the prompt's estimated tokens (plus `extraTokens` not in
 * `messages` yet) times the reserve factor, the schema's tokens, and the most it may answer. The
 * one computation of a reservation, for a request about to be sent and for one asked for ahead.
 */
export function reservationFor(
  s: Pick<Settings, 'estimateTokens' | 'reserveFactor' | 'maxTokens'>, slot: ProviderSlot, messages: readonly ChatMessage[], format: DecisionResponseFormat,
  decisionId: string | undefined, extraTokens = 0,
): { usd: number; forCall: ReservationFor; inputTokens: number } {
  const estIn = Math.ceil((s.estimateTokens(messages) + extraTokens) * s.reserveFactor) + tokensOfSchema(format);
  return {
    usd: costUsd(slot.cfg, estIn, slot.cfg.maxTokens ?? s.maxTokens),
    forCall: { provider: slot.cfg.name, ...(decisionId ? { decisionId } : {}) },
    inputTokens: estIn,
  };
}

export async function takeTurn(st: DecisionState, slot: ProviderSlot, signal: AbortSignal, hedged: boolean): Promise<TurnResult> {
  let messages: ChatMessage[] = st.prompt.messages;
  let repairing = false;
  for (;;) {
    const sent = await sendPaid(st, slot, messages, signal, hedged);
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
      st.record({ ...base, outcome: 'breaker_open', latencyMs: 0, error: 'circuit open' });
      return { ok: false, slot, retryable: false };
    }
    if (res.kind === 'aborted') {
      st.record({
        ...base, outcome: res.sent ? 'aborted' : 'error', latencyMs: res.latencyMs,
        error: `aborted (another answer won or the deadline passed)${res.sent ? '; sent, so settled at its reservation' : ' before it was sent'}`,
      });
      return { ok: false, slot, retryable: false };
    }
    if (res.kind === 'rate_limited') {
      if (res.retryAfterMs !== undefined) slot.holdBack(Date.now() + res.retryAfterMs);
      st.sawFault = true;
      st.record({ ...base, outcome: 'rate_limited', latencyMs: res.latencyMs, error: res.error, ...(res.status ? { status: res.status } : {}) });
      return { ok: false, slot, retryable: true };
    }
    if (res.kind === 'fault') {
      st.sawFault = true;
      const error = cost > 0 ? `${res.error}; sent, so settled at its reservation` : res.error;
      st.record({ ...base, outcome: res.outcome, latencyMs: res.latencyMs, error, ...(res.status ? { status: res.status } : {}) });
      return { ok: false, slot, retryable: res.retryable };
    }
    const v = validateOutput(res.content, {
      allowedActions: st.input.request.allowedActions,
      leakGuard: st.prompt.leakGuard,
      ...(st.input.npc.services ? { services: st.input.npc.services } : {}),
    });
    if (v.ok) {
      st.record({ ...base, outcome: repairing ? 'repaired' : 'ok', latencyMs: res.latencyMs });
      return { ok: true, body: v.body, slot };
    }
    st.sawInvalid = true;
    st.record({ ...base, outcome: 'invalid', latencyMs: res.latencyMs, error: `${v.kind}: ${v.error}` });
    if (repairing || !st.s.repair || signal.aborted) return { ok: false, slot, retryable: false };
    repairing = true;
    messages = [
      ...st.prompt.messages,
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
async function sendPaid(st: DecisionState, slot: ProviderSlot, messages: ChatMessage[], signal: AbortSignal, hedged: boolean): Promise<{
  res: AttemptResult; startedAt: number; reservedUsd: number; reservationId?: string; usage: LlmUsage | null; cost: number; attempt: number;
} | null> {
  const need = slot.expectedMs(st.s.minAttemptMs);
  if (signal.aborted) return null;
  if (st.left() < need) {
    st.deadlineStopped = true;
    return null;
  }
  if (slot.cfg.rpm !== undefined && st.s.rateGate) {
    // The provider's shared request budget for this window (all workers together); full or
    // unknown (Redis trouble): skip to the next provider now, and hold this one back meanwhile.
    const waitMs = await st.s.rateGate.take(slot.cfg).catch(() => 1000);
    if (waitMs > 0) {
      slot.holdBack(Date.now() + waitMs);
      st.skipRecord(slot, 'rate_limited', `shared limit of ${slot.cfg.rpm} requests/window reached; next slot in ${Math.round(waitMs)} ms`);
      return null;
    }
    if (signal.aborted) return null;
  }
  const maxTokens = slot.cfg.maxTokens ?? st.s.maxTokens;
  const { usd: reservedUsd, forCall, inputTokens: estIn } = reservationFor(st.s, slot, messages, st.format, st.input.decisionId);
  const budget = st.hooks.budget;
  let reservation: { id: string } | null = null;
  if (budget) {
    const got = await untilDeadline(st, budget.reserve(reservedUsd, forCall), signal);
    if (got === 'late') {
      st.deadlineStopped = true;
      return null;
    }
    if (!got) {
      st.budgetRefused = true;
      st.skipRecord(slot, 'budget_refused', `budget refused ${reservedUsd.toFixed(6)} USD`, reservedUsd);
      return null;
    }
    reservation = got;
    if (st.left() < need || signal.aborted) {
      closeReservation(budget, reservation, null);
      if (!signal.aborted) st.deadlineStopped = true;
      return null;
    }
  }
  const startedAt = Date.now();
  const timeoutMs = Math.max(1, Math.min(slot.cfg.timeoutMs, st.left()));
  const attempt = ++st.attempts;
  const res = await slot.request(messages, { format: st.format, maxTokens, temperature: st.s.temperature, timeoutMs }, signal);
  if (res.kind === 'breaker_open') st.attempts--;
  let usage: LlmUsage | null = null;
  let cost = 0;
  const billed = res.kind === 'response' || billedWithoutUsage(res);
  if (res.kind === 'response') {
    slot.observe(res.latencyMs);
    // The provider's billing is the truth; without `usage`, our estimate of what it billed.
    usage = res.usage ?? { inputTokens: estIn, outputTokens: Math.ceil(res.content.length / 4) };
    cost = costUsd(slot.cfg, usage.inputTokens, usage.outputTokens);
    st.cost += cost;
    st.inTok += usage.inputTokens;
    st.outTok += usage.outputTokens;
  } else if (billed) {
    // Sent, no answer: the provider may bill it in full, so it costs its reservation.
    cost = reservedUsd;
    st.cost += cost;
  }
  if (budget && reservation) closeReservation(budget, reservation, billed ? cost : null);
  return {
    res, startedAt, reservedUsd: reservation || !budget ? reservedUsd : 0, ...(reservation ? { reservationId: reservation.id } : {}),
    usage, cost, attempt: res.kind === 'breaker_open' ? 0 : attempt,
  };
}

/**
 * Settles a reservation at `cost`, or releases it (null: nothing was billed), without waiting for
 * the budget's answer: the decision never waits on that round trip (the call is sent at once, so it
 * still reaches the budget before any later one on the same connection). Errors leave the
 * reservation to expire charged; the reconciler then settles it from the ledger.
 */
function closeReservation(budget: BudgetGate, reservation: { id: string }, cost: number | null): void {
  try {
    void Promise.resolve(cost === null ? budget.release(reservation) : budget.settle(reservation, cost)).catch(() => undefined);
  } catch {
    // A gate that throws synchronously is treated like one that rejects.
  }
}

/** A budget call raced against the deadline; a reservation that arrives late is given back. */
async function untilDeadline(st: DecisionState, p: Promise<{ id: string } | null>, signal: AbortSignal): Promise<{ id: string } | null | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const lateP = new Promise<'late'>((resolve) => {
    const fire = () => {
      late = true;
      resolve('late');
    };
    timer = setTimeout(fire, Math.max(0, st.left()));
    signal.addEventListener('abort', fire, { once: true });
  });
  const r = await Promise.race([p, lateP]);
  clearTimeout(timer);
  if (r === 'late' || late) {
    p.then((res) => (res ? st.hooks.budget?.release(res) : undefined)).catch(() => undefined);
    return 'late';
  }
  return r;
}
