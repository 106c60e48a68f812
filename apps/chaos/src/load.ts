/** One request the load generator sent, and how it ended. */
export interface Sent {
  i: number;
  startedAt: number;
  endedAt: number;
  /** HTTP status; 0 when no answer came (see `error`). */
  status: number;
  /** `refused` (ECONNREFUSED), `reset` (the connection broke), `timeout` (no answer in time: a hang), `other`. */
  error?: 'refused' | 'reset' | 'timeout' | 'other';
  errorText?: string;
  decisionId?: string;
  source?: string;
  /** Connection resets met and retried (with the same body, so the same requestId) before this end. */
  resetsRetried?: number;
}

export interface LoadOptions {
  /** Base URL, or a function choosing one per request. */
  url: string | ((i: number) => string);
  key: string;
  /** Requests per second (open loop: the next one goes out whether or not earlier ones answered). */
  rate: number;
  durationMs: number;
  /** The decision request body for request number `i`. */
  body: (i: number) => unknown;
  /** Give up on one request after this long: counted as a hang (`timeout`). */
  timeoutMs?: number;
  /** Hard cap on requests in flight (a stuck server must not make the generator pile up). */
  maxInFlight?: number;
  /** Called once a second with the elapsed ms (to trigger faults on schedule). */
  onTick?: (elapsedMs: number) => void | Promise<void>;
  /**
   * Retry a request whose connection broke (`reset`) up to this many times, with the same body and
   * so the same requestId, as a game-server client does (`GatewayClient` of @npc/gateway-client,
   * which bridge-rathena uses): a reset can hit any HTTP/1.1 client whose keep-alive socket the
   * server closes as the request goes out, and the requestId makes the retry safe (never a second decision). Backs off 50 ms, 100 ms, …
   * between tries. Default 0.
   */
  retryResets?: number;
}

export interface LoadRun {
  /** Resolves with every request once the last one has ended. */
  done: Promise<Sent[]>;
  /** Requests sent so far (ended or not). */
  sent(): number;
  inFlight(): Sent[];
}

function classify(err: unknown): { error: NonNullable<Sent['error']>; text: string } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? '';
  const text = `${e.name ?? 'Error'}: ${e.message ?? ''}${code ? ` (${code})` : ''}`;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { error: 'timeout', text };
  if (code === 'ECONNREFUSED') return { error: 'refused', text };
  if (['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'].includes(code) || /other side closed|socket hang up/i.test(e.cause?.message ?? '')) return { error: 'reset', text };
  return { error: 'other', text };
}

/** Sends decision requests at a fixed rate for a bounded time; every request ends (answer, error or timeout). */
export function runLoad(o: LoadOptions): LoadRun {
  const results: Sent[] = [];
  const pending = new Set<Promise<void>>();
  const open = new Set<Sent>();
  const t0 = Date.now();
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxInFlight = o.maxInFlight ?? 2000;
  let i = 0;

  const fire = () => {
    if (open.size >= maxInFlight) return;
    const n = i++;
    const url = typeof o.url === 'function' ? o.url(n) : o.url;
    const rec: Sent = { i: n, startedAt: Date.now(), endedAt: 0, status: 0 };
    results.push(rec);
    open.add(rec);
    const body = JSON.stringify(o.body(n));
    const attempt = async () => {
      rec.status = 0;
      delete rec.error;
      delete rec.errorText;
      try {
        const res = await fetch(`${url}/v1/decisions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(Math.max(1, timeoutMs - (Date.now() - rec.startedAt))),
        });
        rec.status = res.status;
        const text = await res.text();
        try {
          const j = JSON.parse(text) as { decisionId?: string; source?: string };
          if (res.status === 200) {
            rec.decisionId = j.decisionId;
            rec.source = j.source;
          }
        } catch {
          // not JSON
        }
      } catch (err) {
        const c = classify(err);
        rec.error = c.error;
        rec.errorText = c.text;
      }
    };
    const p = (async () => {
      try {
        await attempt();
        for (let retries = 0; rec.error === 'reset' && retries < (o.retryResets ?? 0); ) {
          // Backing off as bridge-rathena's client does (50 ms, 100 ms, …): a gateway that is
          // closing has stopped listening by then, so the retry is refused, not reset again.
          await new Promise((r) => setTimeout(r, 50 * 2 ** retries));
          rec.resetsRetried = ++retries;
          await attempt();
        }
      } finally {
        rec.endedAt = Date.now();
        open.delete(rec);
      }
    })();
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const done = (async () => {
    const stepMs = 10;
    let due = 0;
    let nextTick = 1000;
    while (Date.now() - t0 < o.durationMs) {
      const elapsed = Date.now() - t0;
      const should = Math.floor((elapsed / 1000) * o.rate);
      while (due < should) {
        fire();
        due++;
      }
      if (o.onTick && elapsed >= nextTick) {
        nextTick += 1000;
        await o.onTick(elapsed);
      }
      await new Promise((r) => setTimeout(r, stepMs));
    }
    while (pending.size) await Promise.allSettled([...pending]);
    return results;
  })();

  return { done, sent: () => i, inFlight: () => [...open] };
}

/** Counts of a finished run. */
export function tally(results: Sent[]) {
  const answered = results.filter((r) => r.status === 200 && r.decisionId);
  const bySource: Record<string, number> = {};
  for (const r of answered) bySource[r.source ?? '?'] = (bySource[r.source ?? '?'] ?? 0) + 1;
  const errors: Record<string, number> = {};
  for (const r of results) {
    if (r.status === 200) continue;
    const k = r.error ?? `http_${r.status}`;
    errors[k] = (errors[k] ?? 0) + 1;
  }
  return { sent: results.length, answered, bySource, errors };
}
