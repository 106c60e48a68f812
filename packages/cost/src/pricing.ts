import { z } from 'zod';
import { MAX_NANO, nanoToUsd } from './money';

/**
 * A model's price, as the provider env entries carry it (other fields of the entry, such as
 * `name`, `baseURL`, `model` or `timeoutMs`, are ignored here):
 * `{"name":"primary",…,"inputUsdPerMTok":0.15,"outputUsdPerMTok":0.6,"timeoutMs":4000}`.
 */
export const TokenPrice = z.object({
  /** USD per million input (prompt) tokens. */
  inputUsdPerMTok: z.number().finite().min(0).max(1_000_000),
  /** USD per million output (completion) tokens. */
  outputUsdPerMTok: z.number().finite().min(0).max(1_000_000),
});
export type TokenPrice = z.infer<typeof TokenPrice>;

/** Tokens of one call, as billed (`usage.prompt_tokens`, `usage.completion_tokens`). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * A price in integer pico-dollars per token: `usdPerMTok × 1e6`, exact for prices with up to six
 * decimals (1e-6 USD per million tokens), which covers every published price list.
 */
function picoPerToken(usdPerMTok: number, which: string): bigint {
  if (!Number.isFinite(usdPerMTok) || usdPerMTok < 0 || usdPerMTok > 1_000_000) {
    throw new RangeError(`invalid ${which} price: ${usdPerMTok} USD per million tokens`);
  }
  return BigInt(Math.round(usdPerMTok * 1_000_000));
}

function tokenCount(n: number, which: string): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid ${which} token count: ${n}`);
  return BigInt(n);
}

/**
 * The cost of `usage` at `price`, in integer nano-dollars. Computed exactly in pico-dollars
 * (BigInt), then rounded once to nano-dollars: `round` (half up) for billed costs, `ceil` for
 * reservations (never below the exact cost).
 */
export function costNano(usage: TokenUsage, price: TokenPrice, rounding: 'round' | 'ceil' = 'round'): number {
  const pico =
    tokenCount(usage.inputTokens, 'input') * picoPerToken(price.inputUsdPerMTok, 'input') +
    tokenCount(usage.outputTokens, 'output') * picoPerToken(price.outputUsdPerMTok, 'output');
  const nano = (pico + (rounding === 'ceil' ? 999n : 500n)) / 1000n;
  if (nano > BigInt(MAX_NANO)) throw new RangeError('cost out of range');
  return Number(nano);
}

/** The cost of `usage` at `price` in USD, rounded half up to the nano-dollar (1e-9 USD). */
export function costUsd(usage: TokenUsage, price: TokenPrice): number {
  return nanoToUsd(costNano(usage, price));
}
