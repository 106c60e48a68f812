import { createRequire } from 'node:module';
import { costNano, type TokenPrice } from './pricing';
import { nanoToUsd } from './money';

/** The BPE encodings the estimate can use. */
export type TokenEncoding = 'o200k_base' | 'cl100k_base';

interface Encoder {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

/**
 * Encoders are loaded on first use (≈0.1 s and some MB each) and kept: importing this package
 * costs nothing until a prompt is estimated. `preloadTokenizer` loads one ahead of time.
 */
const encoders = new Map<TokenEncoding, Encoder>();
const load = createRequire(import.meta.url);

function encoder(encoding: TokenEncoding): Encoder {
  let found = encoders.get(encoding);
  if (!found) {
    // gpt-tokenizer ships a CommonJS build beside the ESM one: `require` keeps this synchronous.
    found = load(`gpt-tokenizer/encoding/${encoding}`) as Encoder;
    encoders.set(encoding, found);
  }
  return found;
}

/**
 * The encoding of an OpenAI model: cl100k for GPT-4 (not 4o/4.1/4.5), GPT-3.5 and the ada
 * embeddings; o200k for everything else (GPT-4o and later, o-series, and — as an estimate, covered
 * by the reservation margin — other vendors' models).
 */
export function encodingForModel(model?: string): TokenEncoding {
  const m = (model ?? '').toLowerCase().replace(/^.*\//, ''); // 'openai/gpt-4' → 'gpt-4'
  if (/^gpt-3\.5|^gpt-35|^text-embedding-ada|^gpt-4(?![o.])/.test(m)) return 'cl100k_base';
  return 'o200k_base';
}

/** Loads the encoder `model` uses now rather than on the first estimate. */
export function preloadTokenizer(model?: string): void {
  encoder(encodingForModel(model));
}

// Special-token text (`<|endoftext|>`) a player typed is counted as plain text, never an error.
const PLAIN = { disallowedSpecial: new Set<string>() };

/**
 * Counts of long texts seen lately, per encoding: a prompt's system message (the NPC's card and the
 * rules) repeats for every decision of that NPC, and BPE over it is most of an estimate's CPU.
 * Bounded (oldest entry out first); short texts are counted each time (cheaper than a lookup).
 */
const MEMO_MIN_CHARS = 200;
const MEMO_ENTRIES = 256;
const memo = new Map<TokenEncoding, Map<string, number>>();

/** Tokens of plain text. */
export function countTextTokens(text: string, model?: string): number {
  if (text.length === 0) return 0;
  const encoding = encodingForModel(model);
  if (text.length < MEMO_MIN_CHARS) return encoder(encoding).countTokens(text, PLAIN);
  let seen = memo.get(encoding);
  if (!seen) memo.set(encoding, (seen = new Map()));
  let n = seen.get(text);
  if (n === undefined) {
    n = encoder(encoding).countTokens(text, PLAIN);
    if (seen.size >= MEMO_ENTRIES) seen.delete(seen.keys().next().value!);
    seen.set(text, n);
  }
  return n;
}

/**
 * Chat framing, per OpenAI's counting guide (3 per message + 3 to prime the reply), rounded up:
 * 4 per message (start, role separator, end…) plus the role's own tokens, and 3 for the reply.
 */
export const TOKENS_PER_MESSAGE = 4;
export const REPLY_PRIMING_TOKENS = 3;

export interface PromptMessage {
  role: string;
  content: string;
}

/** Estimated prompt tokens of a chat request (content + role + framing of every message). */
export function estimatePromptTokens(messages: readonly PromptMessage[], model?: string): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const { role, content } of messages) {
    total += TOKENS_PER_MESSAGE + countTextTokens(role, model) + countTextTokens(content, model);
  }
  return total;
}

export interface ReservationInput {
  /** `estimatePromptTokens(…)` of the request. */
  promptTokens: number;
  /** The request's `max_tokens` / `max_completion_tokens`: the provider never bills more output. */
  maxOutputTokens: number;
  price: TokenPrice;
  /** Safety factor on the prompt estimate (default 1.2, at least 1). */
  margin?: number;
}

/** `reservationFor` in integer nano-dollars (rounded up). */
export function reservationNano({ promptTokens, maxOutputTokens, price, margin = 1.2 }: ReservationInput): number {
  if (!Number.isFinite(margin) || margin < 1) throw new RangeError(`reservation margin must be ≥ 1: ${margin}`);
  if (!Number.isFinite(promptTokens) || promptTokens < 0) throw new RangeError(`invalid prompt token estimate: ${promptTokens}`);
  // Tiny tolerance so 100 × 1.2 is 120, not 121 (float noise); never below the exact product.
  const inputTokens = Math.ceil(promptTokens * margin - 1e-9);
  return costNano({ inputTokens, outputTokens: maxOutputTokens }, price, 'ceil');
}

/**
 * What to reserve before a call, in USD: the pessimistic cost = ⌈prompt estimate × margin⌉ input
 * tokens + `maxOutputTokens` output tokens at `price`, rounded up to the nano-dollar.
 */
export function reservationFor(input: ReservationInput): number {
  return nanoToUsd(reservationNano(input));
}
