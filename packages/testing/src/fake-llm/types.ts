import type { IncomingMessage } from 'node:http';
import type { JsonNode } from './decide';

/** The fake provider's options, scripted behaviours, recorded calls and bill. */

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
