import { z } from 'zod';

/** One entry of `LLM_PROVIDERS` (order = priority). */
export const ProviderSpec = z
  .object({
    /** Unique label used in logs, metrics and the ledger. */
    name: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits and _ . - only'),
    /** OpenAI-compatible base URL, including `/v1`. */
    baseURL: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://127.0.0.1:11434/v1' }),
    /** Name of the env variable holding the API key; absent or unset → `none` (local servers). */
    apiKeyEnv: z.string().min(1).max(128).optional(),
    model: z.string().min(1).max(200),
    inputUsdPerMTok: z.number().min(0).max(10_000),
    outputUsdPerMTok: z.number().min(0).max(10_000),
    /** Per-request timeout; a request is also cut at the decision's deadline. */
    timeoutMs: z.number().int().min(1).max(600_000).default(4_000),
    /** Optional overrides of the client's defaults for this provider. */
    maxTokens: z.number().int().min(16).max(8_192).optional(),
    temperature: z.number().min(0).max(2).optional(),
    /**
     * Requests per minute this provider may receive from all LLM workers together (a sliding
     * window shared in Redis, see apps/worker-llm/src/rate-gate.ts); past it the client skips to
     * the next provider (or the rules answer). Absent: no limit of ours (a 429 still holds it back).
     */
    rpm: z.number().int().min(1).max(100_000_000).optional(),
  })
  .strict();
export type ProviderSpec = z.infer<typeof ProviderSpec>;

export const ProvidersSpec = z.array(ProviderSpec).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p.name)) ctx.addIssue({ code: 'custom', message: `duplicate provider name "${p.name}"`, path: [i, 'name'] });
    seen.add(p.name);
  });
});

/** A validated provider with its API key resolved. */
export interface ProviderConfig extends ProviderSpec {
  apiKey: string;
}

/** Thrown for a bad `LLM_PROVIDERS`; `field` is the dotted path of the first bad field. */
export class LlmConfigError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'LlmConfigError';
  }
}

/** Placeholder key for servers that need none (Ollama, vLLM, llama.cpp). */
export const NO_API_KEY = 'none';

/**
 * `LLM_PROVIDERS` (a JSON array) → validated providers in priority order. Empty or undefined →
 * `[]`: the LLM route is off. Throws {@link LlmConfigError} naming the bad field otherwise.
 */
export function parseProviders(
  json: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  variable = 'LLM_PROVIDERS',
): ProviderConfig[] {
  if (json === undefined || json.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new LlmConfigError(`${variable}: not valid JSON (${(err as Error).message})`, variable);
  }
  const parsed = ProvidersSpec.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const field = (path: readonly PropertyKey[]) =>
      variable + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const message = issues.slice(0, 5).map((i) => `${field(i.path)}: ${i.message}`).join('; ');
    throw new LlmConfigError(message, field(issues[0]?.path ?? []));
  }
  return parsed.data.map((p) => {
    const key = p.apiKeyEnv ? env[p.apiKeyEnv] : undefined;
    return { ...p, apiKey: key && key.trim() ? key.trim() : NO_API_KEY };
  });
}

/** USD per million tokens of one provider. */
export interface Price {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

export function priceFor(provider: Price): Price {
  return { inputUsdPerMTok: provider.inputUsdPerMTok, outputUsdPerMTok: provider.outputUsdPerMTok };
}

/** tokens × USD per million tokens. */
export function costUsd(price: Price, inputTokens: number, outputTokens: number): number {
  return (Math.max(0, inputTokens) * price.inputUsdPerMTok + Math.max(0, outputTokens) * price.outputUsdPerMTok) / 1e6;
}
