import { Decision, type ActionType, type DecisionRequestInput } from '@npc/contracts';
import { errorSummary, send, type SentRequest } from './transport';

export type DecideResult =
  | { ok: true; decision: Decision; attempts: number }
  /** `timeout`: no answer before the deadline; `rejected`: a 4xx (not worth retrying); `unavailable`: no gateway answered; `invalid`: an answer that breaks the contract. */
  | { ok: false; kind: 'timeout' | 'rejected' | 'unavailable' | 'invalid'; error: string; attempts: number };

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const aborted = (err: unknown) => {
  const name = (err as { name?: string }).name;
  return name === 'TimeoutError' || name === 'AbortError';
};

export interface GatewayClientOptions {
  /** Attempts after the first (default 2). */
  retries?: number;
  /** First backoff between attempts (doubles each time; default 50 ms). */
  backoffMs?: number;
  fetch?: typeof fetch;
}

/**
 * A client of one or more gateways for a caller that must get a decision in time (the rAthena
 * bridge). `decide` sends `POST /v1/decisions`, and retries with the same body — so the same
 * `requestId`, never a second decision — on a connection error (a reset: an HTTP/1.1 keep-alive
 * socket the server closed as the request went out; a refused connection) and on 429/502/503/504,
 * on the next URL, backing off 50 ms, 100 ms, …, while the deadline leaves time; it never waits
 * past `timeoutMs`.
 */
export class GatewayClient {
  private next = 0;
  private readonly retries: number;

  constructor(
    private readonly urls: readonly string[],
    private readonly key: string,
    private readonly opts: GatewayClientOptions = {},
  ) {
    if (urls.length === 0) throw new Error('GatewayClient: no gateway URL');
    this.retries = opts.retries ?? 2;
  }

  async decide(body: DecisionRequestInput, allowed: readonly ActionType[], timeoutMs: number): Promise<DecideResult> {
    const end = performance.now() + timeoutMs;
    const backoff = (attempt: number) => sleep(Math.min((this.opts.backoffMs ?? 50) * 2 ** attempt, Math.max(0, end - performance.now() - 10)));
    let lastError = 'no attempt made';
    let attempts = 0;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const left = end - performance.now();
      if (left <= 5) return { ok: false, kind: attempts === 0 ? 'timeout' : 'unavailable', error: lastError, attempts };
      const url = this.urls[this.next++ % this.urls.length]!;
      attempts++;
      let res: SentRequest;
      try {
        res = await send(url, this.key, 'POST', '/v1/decisions', { body, signal: AbortSignal.timeout(Math.max(1, Math.floor(left))), ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) });
      } catch (err) {
        if (aborted(err)) return { ok: false, kind: 'timeout', error: `${url}: no answer before the deadline`, attempts };
        const e = err as { message?: string; cause?: { code?: string; message?: string } };
        lastError = `${url}: ${e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)}`;
        await backoff(attempt);
        continue;
      }
      if (res.status === 200) return { ...this.check(url, res.text, allowed), attempts };
      lastError = `${url}: ${res.status} ${errorSummary(res.text) ?? `HTTP ${res.status}`}`;
      if (!RETRYABLE_STATUS.has(res.status)) return { ok: false, kind: 'rejected', error: lastError, attempts };
      await backoff(attempt);
    }
    return { ok: false, kind: 'unavailable', error: lastError, attempts };
  }

  /** A 200's body: a decision of the contract, among the allowed actions. */
  private check(url: string, text: string, allowed: readonly ActionType[]): { ok: true; decision: Decision } | { ok: false; kind: 'invalid'; error: string } {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, kind: 'invalid', error: `${url}: answer is not JSON` };
    }
    const parsed = Decision.safeParse(json);
    if (!parsed.success) return { ok: false, kind: 'invalid', error: `${url}: answer does not match the contract (${parsed.error.issues[0]?.path.join('.')})` };
    if (!allowed.includes(parsed.data.action.type)) return { ok: false, kind: 'invalid', error: `${url}: action ${parsed.data.action.type} is not among the allowed actions` };
    return { ok: true, decision: parsed.data };
  }
}
