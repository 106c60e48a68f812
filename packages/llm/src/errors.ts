import OpenAI from 'openai';

/**
 * What went wrong with a provider request, and what it means: for the provider's breaker (a
 * `ProviderFault` counts against its health, a `NotAFault` does not), for failover (retryable or
 * not) and for the budget (whether the provider bills a request that got no usable answer).
 */

/** A failure that says something about the provider's health (counted by its breaker). */
export class ProviderFault extends Error {
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
export class NotAFault extends Error {
  constructor(
    readonly kind: 'rate_limited' | 'aborted',
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function retryAfterMs(headers: Headers | undefined): number | undefined {
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

export const short = (e: unknown) => String(e instanceof Error ? e.message : e).slice(0, 200);

/** How one provider request ended (see `ProviderSlot.request`). */
export type AttemptResult =
  | { kind: 'response'; content: string; usage: { inputTokens: number; outputTokens: number } | null; latencyMs: number }
  | { kind: 'fault'; outcome: 'error' | 'timeout'; error: string; status?: number; retryable: boolean; latencyMs: number; sent: boolean }
  | { kind: 'rate_limited'; error: string; status?: number; retryAfterMs?: number; latencyMs: number }
  | { kind: 'breaker_open' }
  | { kind: 'aborted'; latencyMs: number; sent: boolean };

/**
 * What the provider bills for a request that got no usable `usage`: nothing when it never left the
 * process or the provider answered it with an error status; else (no answer: timeout, abort, a
 * connection cut mid-answer) the request was sent and may be billed in full.
 */
export function billedWithoutUsage(res: Exclude<AttemptResult, { kind: 'response' }>): boolean {
  if (res.kind === 'breaker_open') return false;
  if (res.kind === 'rate_limited') return res.status === undefined;
  if (res.kind === 'aborted') return res.sent;
  return res.sent && res.status === undefined;
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
export function classify(e: unknown, timedOut: boolean, aborted: boolean): Error {
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
