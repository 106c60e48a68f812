import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mulberry32 } from '@npc/contracts';
import { billOf, completion, contentFor, parseRequest, promptTokensOf, readBody } from './request';
import type { FakeBehaviour, FakeLatency, FakeLlm, FakeLlmCall, FakeLlmOptions, FakeScript } from './types';

export * from './types';
export { allowedActionsOf } from './request';

/** mulberry32 (@npc/contracts): a tiny seeded PRNG. */
export const seededRandom = mulberry32;

/**
 * An OpenAI-compatible chat-completions server for tests (`POST /v1/chat/completions`).
 * With `response_format: json_schema` it answers a valid, in-character decision for the action
 * types found in the schema, unless a behaviour says otherwise. Listens on 127.0.0.1, port 0.
 */
export async function startFakeLlm(opts: FakeLlmOptions = {}): Promise<FakeLlm> {
  let script: FakeScript = opts.behaviour ?? 'ok';
  let latency: FakeLatency = opts.latencyMs ?? 0;
  const queue: FakeBehaviour[] = [];
  let calls: FakeLlmCall[] = [];
  let n = 0;
  const rand = opts.seed !== undefined ? seededRandom(opts.seed) : Math.random;
  const sockets = new Set<Socket>();
  const fallbackModel = opts.model ?? 'fake-model';

  const pickLatency = (l: FakeLatency | undefined): number => {
    const v = l ?? latency;
    return typeof v === 'number' ? v : v.min + rand() * Math.max(0, v.max - v.min);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, 200, { object: 'list', data: [{ id: fallbackModel, object: 'model', owned_by: 'fake' }] });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return json(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
    }
    const parsed = parseRequest(body, req.headers, fallbackModel);
    const num = ++n;
    const b = queue.shift() ?? (typeof script === 'function' ? script(parsed, num) : script);
    const spec = typeof b === 'string' ? { kind: b } : b;
    const usageSpec = 'usage' in spec && spec.usage ? spec.usage : null;
    const call: FakeLlmCall = {
      ...parsed, n: num, behaviour: spec.kind, receivedAt: Date.now(), answeredAt: null, status: null, content: null, clientClosed: false,
      promptTokens: usageSpec?.prompt_tokens ?? promptTokensOf(parsed), completionTokens: null,
    };
    calls.push(call);
    res.on('close', () => {
      if (!res.writableFinished) call.clientClosed = true;
    });

    if (spec.kind === 'timeout') return; // never answers; the socket is freed when the client gives up or on close()
    const wait = pickLatency('latencyMs' in spec ? spec.latencyMs : undefined);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (res.destroyed) return;

    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      call.answeredAt = Date.now();
      json(res, status, payload, headers);
    };

    switch (spec.kind) {
      case '500':
        return answer(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
      case '429': {
        const headers: Record<string, string> = {};
        if ('retryAfterMs' in spec && spec.retryAfterMs !== undefined) headers['retry-after-ms'] = String(spec.retryAfterMs);
        else headers['retry-after'] = String('retryAfterS' in spec && spec.retryAfterS !== undefined ? spec.retryAfterS : 1);
        return answer(429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }, headers);
      }
      case 'cut': {
        // Headers and half a body, then the socket dies.
        const body = completion(parsed, 'x'.repeat(200), null);
        call.completionTokens = body.usage.completion_tokens;
        const full = JSON.stringify(body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
        res.write(full.slice(0, Math.floor(full.length / 2)));
        call.status = 200;
        setImmediate(() => res.socket?.destroy());
        return;
      }
      default: {
        const content = contentFor(spec, parsed, rand);
        call.content = content;
        const body = completion(parsed, content, usageSpec);
        call.completionTokens = body.usage.completion_tokens;
        return answer(200, body);
      }
    }
  }

  function json(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}/v1`,
    setBehaviour(b) {
      script = b;
    },
    enqueue(...b) {
      queue.push(...b);
    },
    setLatency(l) {
      latency = l;
    },
    calls: () => [...calls],
    bill: () => billOf(calls, opts.pricing),
    resetCalls() {
      calls = [];
      n = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
