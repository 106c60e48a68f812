/** One JSON request to a gateway: the only place that builds its URL, headers and body. */
export interface SentRequest {
  status: number;
  /** The body as received (read in full). */
  text: string;
}

export interface SendOptions {
  body?: unknown;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Sends `method path` to the gateway at `baseUrl` with the bearer `key`; rejects on a network error or an abort. */
export async function send(baseUrl: string, key: string, method: string, path: string, opts: SendOptions = {}): Promise<SentRequest> {
  const res = await (opts.fetch ?? globalThis.fetch)(new URL(path, baseUrl), {
    method,
    headers: { authorization: `Bearer ${key}`, ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { status: res.status, text: await res.text() };
}

/** `code (field) message` of the contract's error body, or undefined when the text is not one. */
export function errorSummary(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; field?: string } };
    if (!body.error) return undefined;
    return [body.error.code, body.error.field && `(${body.error.field})`, body.error.message].filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}
