import { Decision, type ActionType, type DecisionRequestInput } from '@npc/contracts';

export type DecideResult =
  | { ok: true; decision: Decision; attempts: number }
  /** `timeout`: no answer before the row's deadline; `rejected`: a 4xx (not worth retrying); `unavailable`: no gateway answered. */
  | { ok: false; kind: 'timeout' | 'rejected' | 'unavailable' | 'invalid'; error: string; attempts: number };

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `POST /v1/decisions` on one of the configured gateways. Retries (with the same requestId,
 * so never a second decision) on connection errors and 429/502/503/504, on the next URL, while the
 * row's deadline leaves time; never waits past `timeoutMs`.
 */
export class GatewayClient {
  private next = 0;

  constructor(
    private readonly urls: readonly string[],
    private readonly key: string,
    private readonly opts: { retries: number; backoffMs?: number; fetch?: typeof fetch } = { retries: 2 },
  ) {
    if (urls.length === 0) throw new Error('GatewayClient: no gateway URL');
  }

  async decide(body: DecisionRequestInput, allowed: readonly ActionType[], timeoutMs: number): Promise<DecideResult> {
    const doFetch = this.opts.fetch ?? globalThis.fetch;
    const end = performance.now() + timeoutMs;
    const backoff = this.opts.backoffMs ?? 50;
    let lastError = 'no attempt made';
    let attempts = 0;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      const left = end - performance.now();
      if (left <= 5) return { ok: false, kind: attempts === 0 ? 'timeout' : 'unavailable', error: lastError, attempts };
      const url = this.urls[this.next++ % this.urls.length]!;
      attempts++;
      let res: Response;
      try {
        res = await doFetch(`${url}/v1/decisions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(Math.max(1, Math.floor(left))),
        });
      } catch (err) {
        const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
        if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, kind: 'timeout', error: `${url}: no answer before the deadline`, attempts };
        lastError = `${url}: ${e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)}`;
        await sleep(Math.min(backoff * 2 ** attempt, Math.max(0, end - performance.now() - 10)));
        continue;
      }
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        const e = err as { name?: string; message?: string };
        if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, kind: 'timeout', error: `${url}: no answer before the deadline`, attempts };
        lastError = `${url}: reading the answer failed: ${e.message ?? String(err)}`;
        continue;
      }
      if (res.status === 200) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return { ok: false, kind: 'invalid', error: `${url}: answer is not JSON`, attempts };
        }
        const parsed = Decision.safeParse(json);
        if (!parsed.success) return { ok: false, kind: 'invalid', error: `${url}: answer does not match the contract (${parsed.error.issues[0]?.path.join('.')})`, attempts };
        if (!allowed.includes(parsed.data.action.type)) return { ok: false, kind: 'invalid', error: `${url}: action ${parsed.data.action.type} is not among the allowed actions`, attempts };
        return { ok: true, decision: parsed.data, attempts };
      }
      const message = errorMessage(text) ?? `HTTP ${res.status}`;
      lastError = `${url}: ${res.status} ${message}`;
      if (!RETRYABLE_STATUS.has(res.status)) return { ok: false, kind: 'rejected', error: lastError, attempts };
      await sleep(Math.min(backoff * 2 ** attempt, Math.max(0, end - performance.now() - 10)));
    }
    return { ok: false, kind: 'unavailable', error: lastError, attempts };
  }
}

function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; field?: string } };
    if (!body.error) return undefined;
    return [body.error.code, body.error.field && `(${body.error.field})`, body.error.message].filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}
