import type { IncomingMessage } from 'node:http';
import { SAY_MAX } from '@npc/contracts';
import { makeDecision, offContract, type JsonNode } from './decide';
import type { FakeBehaviour, FakeBill, FakeLlmCall, FakeLlmRequest, FakeMessage, FakePricing } from './types';

/** What the fake provider reads from a request and writes back: parsing, answers, usage and its bill. */

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readBody(req: IncomingMessage): Promise<string> {
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

export function parseRequest(body: unknown, headers: IncomingMessage['headers'], fallbackModel: string): FakeLlmRequest {
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

export const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

/** Prompt tokens as the fake counts them: ~4 characters a token plus 4 per message. */
export const promptTokensOf = (req: FakeLlmRequest) => tokens(req.messages.map((m) => m.content).join('\n')) + 4 * req.messages.length;

/** Default output cap when a request names none (what an abandoned request is billed up to). */
const DEFAULT_MAX_TOKENS = 4096;

export function billOf(calls: readonly FakeLlmCall[], pricing: FakePricing | undefined): FakeBill {
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

export function completion(req: FakeLlmRequest, content: string, usage: { prompt_tokens: number; completion_tokens: number } | null) {
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

export function contentFor(spec: Exclude<FakeBehaviour, string>, req: FakeLlmRequest, rand: () => number): string {
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
