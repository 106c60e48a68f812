import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SAY_MAX, mulberry32 } from '@npc/contracts';
import { makeDecision, offContract, type JsonNode } from './decide';

/** Latency in ms: fixed, or uniformly random in [min, max]. */
export type FakeLatency = number | { min: number; max: number };

export type FakeBehaviourKind =
  | 'ok' | '500' | '429' | 'timeout' | 'cut' | 'malformed' | 'off_contract' | 'leak' | 'empty';

/** What the fake does with one request. A bare kind uses the server's default latency. */
export type FakeBehaviour =
  | FakeBehaviourKind
  | {
      kind: FakeBehaviourKind;
      latencyMs?: FakeLatency;
      /** 429: the Retry-After header in seconds (default 1). */
      retryAfterS?: number;
      /** 429: a `retry-after-ms` header instead (OpenAI sends it). */
      retryAfterMs?: number;
      /** ok: this exact message content (an object is JSON-encoded) instead of a generated decision. */
      content?: string | Record<string, unknown>;
      /** ok: override the usage numbers. */
      usage?: { prompt_tokens: number; completion_tokens: number };
    };

/** A scripted behaviour: one for all calls, or a function of the request and its 1-based number (since start or `resetCalls()`). */
export type FakeScript = FakeBehaviour | ((req: FakeLlmRequest, n: number) => FakeBehaviour);

export interface FakeMessage {
  role: string;
  content: string;
}

/** The parsed body of a chat-completions request. */
export interface FakeLlmRequest {
  model: string;
  messages: FakeMessage[];
  /** `response_format.json_schema.schema` when the request asked for structured output. */
  schema: JsonNode | null;
  maxTokens: number | null;
  temperature: number | null;
  /** Action types the schema allows (from the action variants' enum/const). */
  allowedActions: string[];
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeLlmCall extends FakeLlmRequest {
  n: number;
  behaviour: FakeBehaviourKind;
  receivedAt: number;
  /** When the answer (or error) was written; null for `timeout`/`cut` and unanswered calls. */
  answeredAt: number | null;
  status: number | null;
  /** The message content sent back (ok-like behaviours). */
  content: string | null;
  /** The client went away before the answer (timeout, abort). */
  clientClosed: boolean;
  /** Prompt tokens as this provider counts them (the behaviour's `usage` when it sets one). */
  promptTokens: number;
  /** Tokens of the answer it generated (null while none was): what it bills when the answer is sent or cut. */
  completionTokens: number | null;
}

/** USD per million tokens, as the fake bills them. */
export interface FakePricing {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

/**
 * What the fake bills, as a real provider does: every request it received that it did not answer
 * with an error status, aborted or not. An answered (or cut) request: its prompt and answer tokens.
 * A request the client gave up on before the answer (a timeout, a hedge loser, the deadline): its
 * prompt and `max_tokens` of output (a provider generates on after the client left, up to the cap).
 * 500 and 429 answers are not billed. Requests still in progress are not counted yet.
 */
export interface FakeBill {
  /** Requests received. */
  requests: number;
  /** Requests billed. */
  billed: number;
  /** Of those, requests the client abandoned before the answer. */
  abandoned: number;
  inputTokens: number;
  outputTokens: number;
  /** The bill at `pricing` (0 without pricing). */
  usd: number;
}

export interface FakeLlmOptions {
  /** Default behaviour (default 'ok'). */
  behaviour?: FakeScript;
  /** Default latency (default 0). */
  latencyMs?: FakeLatency;
  /** Model name echoed when the request has none. */
  model?: string;
  host?: string;
  port?: number;
  /** Seed for the fake's randomness (latency, off-contract variants), for reproducible runs. */
  seed?: number;
  /** Prices for `bill()`. */
  pricing?: FakePricing;
}

export interface FakeLlm {
  /** Base URL ending in `/v1`. */
  url: string;
  setBehaviour(b: FakeScript): void;
  /** Behaviours used first, one per call, before the default one. */
  enqueue(...b: FakeBehaviour[]): void;
  setLatency(l: FakeLatency): void;
  calls(): FakeLlmCall[];
  /** What it bills for the calls recorded so far (see `FakeBill`). */
  bill(): FakeBill;
  /** Forgets the recorded calls and restarts call numbering at 1. */
  resetCalls(): void;
  close(): Promise<void>;
}

/** mulberry32 (@npc/contracts): a tiny seeded PRNG. */
export const seededRandom = mulberry32;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The action types of a decision schema: `properties.action` (anyOf variants) → `type` enum/const. */
export function allowedActionsOf(schema: JsonNode | null): string[] {
  if (!isObj(schema) || !isObj(schema.properties)) return [];
  const action = schema.properties.action;
  if (!isObj(action)) return [];
  const variants = Array.isArray(action.anyOf) ? action.anyOf : Array.isArray(action.oneOf) ? action.oneOf : [action];
  const out: string[] = [];
  for (const v of variants) {
    if (!isObj(v) || !isObj(v.properties) || !isObj(v.properties.type)) continue;
    const t = v.properties.type;
    if (typeof t.const === 'string') out.push(t.const);
    if (Array.isArray(t.enum)) for (const e of t.enum) if (typeof e === 'string') out.push(e);
  }
  return out;
}

function parseRequest(body: unknown, headers: IncomingMessage['headers'], fallbackModel: string): FakeLlmRequest {
  const b = isObj(body) ? body : {};
  const messages: FakeMessage[] = Array.isArray(b.messages)
    ? b.messages.filter(isObj).map((m) => ({
        role: String(m.role ?? ''),
        content: typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('') : '',
      }))
    : [];
  const rf = isObj(b.response_format) ? b.response_format : null;
  const schema = rf && rf.type === 'json_schema' && isObj(rf.json_schema) && isObj(rf.json_schema.schema) ? (rf.json_schema.schema as JsonNode) : null;
  return {
    model: typeof b.model === 'string' ? b.model : fallbackModel,
    messages,
    schema,
    maxTokens: typeof b.max_tokens === 'number' ? b.max_tokens : typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : null,
    temperature: typeof b.temperature === 'number' ? b.temperature : null,
    allowedActions: allowedActionsOf(schema),
    headers,
  };
}

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

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

/** Prompt tokens as the fake counts them: ~4 characters a token plus 4 per message. */
const promptTokensOf = (req: FakeLlmRequest) => tokens(req.messages.map((m) => m.content).join('\n')) + 4 * req.messages.length;

/** Default output cap when a request names none (what an abandoned request is billed up to). */
const DEFAULT_MAX_TOKENS = 4096;

function billOf(calls: readonly FakeLlmCall[], pricing: FakePricing | undefined): FakeBill {
  const bill: FakeBill = { requests: calls.length, billed: 0, abandoned: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
  for (const c of calls) {
    if (c.status === 500 || c.status === 429) continue;
    let output: number;
    if (c.completionTokens !== null && (c.answeredAt !== null || c.behaviour === 'cut')) output = c.completionTokens;
    else if (c.clientClosed || c.behaviour === 'timeout') {
      output = c.maxTokens ?? DEFAULT_MAX_TOKENS;
      bill.abandoned++;
    } else continue; // still in progress
    bill.billed++;
    bill.inputTokens += c.promptTokens;
    bill.outputTokens += output;
  }
  if (pricing) bill.usd = (bill.inputTokens * pricing.inputUsdPerMTok + bill.outputTokens * pricing.outputUsdPerMTok) / 1e6;
  return bill;
}

function completion(req: FakeLlmRequest, content: string, usage: { prompt_tokens: number; completion_tokens: number } | null) {
  const prompt = usage?.prompt_tokens ?? promptTokensOf(req);
  const done = usage?.completion_tokens ?? tokens(content);
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2, 12)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: prompt, completion_tokens: done, total_tokens: prompt + done },
    system_fingerprint: 'fp_fake',
  };
}

function contentFor(spec: Exclude<FakeBehaviour, string>, req: FakeLlmRequest, rand: () => number): string {
  const allowed = req.allowedActions.length ? req.allowedActions : ['talk'];
  switch (spec.kind) {
    case 'malformed':
      return ['{"action": {"type": "talk", "args": {}', 'Sure! Here is my answer: talk', '{"say": "hi",}', '```json\n{ nope }\n```'][Math.floor(rand() * 4)] ?? '{';
    case 'empty':
      return '';
    case 'off_contract':
      return JSON.stringify(offContract(req, allowed, rand));
    case 'leak': {
      const system = req.messages.find((m) => m.role === 'system')?.content ?? 'You are a helpful assistant.';
      const d = makeDecision(req, allowed);
      // Repeat the start of the hidden prompt, or a passage from its middle.
      const start = rand() < 0.5 ? 0 : Math.floor(rand() * Math.max(1, system.length - 200));
      return JSON.stringify({ ...d, say: system.slice(start, start + Math.min(SAY_MAX, 200)) });
    }
    default:
      if (spec.content !== undefined) return typeof spec.content === 'string' ? spec.content : JSON.stringify(spec.content);
      if (!req.schema) return 'Hello, adventurer!';
      return JSON.stringify(makeDecision(req, allowed));
  }
}
