/**
 * Money in this package is counted in integer **nano-dollars** (1 nUSD = 1e-9 USD).
 *
 * - Redis holds nano-dollar integers (Lua arithmetic on doubles is exact for integers below 2^53,
 *   i.e. up to about $9,007,199 per day), and the ledger's `numeric(14,9)` columns hold the same
 *   9 decimals, so the two add up to the same figure.
 * - The public API speaks USD `number`s; every USD amount it returns is `nano / 1e9`, which
 *   `usdToNano` maps back to the same integer exactly.
 */
export const NANO_PER_USD = 1_000_000_000;
/** Largest nano-dollar amount handled exactly (2^53 - 1 nUSD ≈ $9,007,199.25). */
export const MAX_NANO = Number.MAX_SAFE_INTEGER;

export type Rounding = 'round' | 'ceil' | 'floor';

/**
 * USD → integer nano-dollars. `round` is half-up; `ceil` and `floor` ignore float noise below
 * 1e-12 relative (so `usdToNano(0.3, 'ceil')` is 300000000, not 300000001).
 */
export function usdToNano(usd: number, rounding: Rounding = 'round'): number {
  if (!Number.isFinite(usd)) throw new RangeError(`not a finite USD amount: ${usd}`);
  const x = usd * NANO_PER_USD;
  const noise = Math.abs(x) * 1e-12;
  const n = rounding === 'round' ? Math.round(x) : rounding === 'ceil' ? Math.ceil(x - noise) : Math.floor(x + noise);
  if (Math.abs(n) > MAX_NANO) throw new RangeError(`USD amount out of range: ${usd}`);
  return n === 0 ? 0 : n; // no -0
}

/** Integer nano-dollars → USD. */
export function nanoToUsd(nano: number): number {
  return nano / NANO_PER_USD;
}

/** Formats a USD amount with 6 decimals for humans and logs, e.g. `$0.000123`. */
export function formatUsd(usd: number, decimals = 6): string {
  return `${usd < 0 ? '-' : ''}$${Math.abs(usd).toFixed(decimals)}`;
}
