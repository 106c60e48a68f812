import { describe, expect, it } from 'vitest';
import { costNano, costUsd, TokenPrice } from './pricing';
import { formatUsd, nanoToUsd, usdToNano } from './money';

const MINI = { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };

describe('costUsd', () => {
  it('prices tokens per million, exactly', () => {
    expect(costUsd({ inputTokens: 1_000_000, outputTokens: 0 }, MINI)).toBe(0.15);
    expect(costUsd({ inputTokens: 0, outputTokens: 1_000_000 }, MINI)).toBe(0.6);
    // 1234 × 0.15 + 567 × 0.6 = 185.1 + 340.2 = 525.3 µUSD
    expect(costUsd({ inputTokens: 1234, outputTokens: 567 }, MINI)).toBe(0.0005253);
    expect(costNano({ inputTokens: 1234, outputTokens: 567 }, MINI)).toBe(525_300);
    expect(costUsd({ inputTokens: 0, outputTokens: 0 }, MINI)).toBe(0);
  });

  it('rounds half up to the nano-dollar (ceil for reservations)', () => {
    // 0.0375 $/MTok = 37.5 nano per token
    const p = { inputUsdPerMTok: 0.0375, outputUsdPerMTok: 0 };
    expect(costNano({ inputTokens: 1, outputTokens: 0 }, p)).toBe(38);
    expect(costNano({ inputTokens: 2, outputTokens: 0 }, p)).toBe(75);
    expect(costNano({ inputTokens: 1, outputTokens: 0 }, { inputUsdPerMTok: 0.0001, outputUsdPerMTok: 0 })).toBe(0);
    expect(costNano({ inputTokens: 1, outputTokens: 0 }, { inputUsdPerMTok: 0.0001, outputUsdPerMTok: 0 }, 'ceil')).toBe(1);
  });

  it('does not drift when summed: nano integers add exactly', () => {
    let nano = 0;
    let float = 0;
    for (let i = 0; i < 100_000; i++) {
      nano += costNano({ inputTokens: 7, outputTokens: 3 }, MINI); // 1.05 + 1.8 = 2.85 µUSD
      float += (7 * 0.15 + 3 * 0.6) / 1e6;
    }
    expect(nano).toBe(285_000_000);
    expect(nanoToUsd(nano)).toBe(0.285);
    expect(float).not.toBe(0.285); // what the integers avoid
  });

  it('accepts a provider entry of the env format and refuses bad input', () => {
    const entry = { name: 'primary', baseURL: 'http://127.0.0.1:1/v1', apiKeyEnv: 'OPENAI_API_KEY', model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 4000 };
    expect(TokenPrice.parse(entry)).toEqual(MINI);
    expect(costUsd({ inputTokens: 10, outputTokens: 10 }, entry)).toBe(0.0000075);
    expect(() => TokenPrice.parse({ inputUsdPerMTok: -1, outputUsdPerMTok: 1 })).toThrow();
    expect(() => costUsd({ inputTokens: 1.5, outputTokens: 0 }, MINI)).toThrow(RangeError);
    expect(() => costUsd({ inputTokens: -1, outputTokens: 0 }, MINI)).toThrow(RangeError);
    expect(() => costUsd({ inputTokens: 1, outputTokens: 0 }, { inputUsdPerMTok: Number.NaN, outputUsdPerMTok: 0 })).toThrow(RangeError);
  });
});

describe('money', () => {
  it('converts USD and nano-dollars both ways', () => {
    expect(usdToNano(0.3)).toBe(300_000_000);
    expect(usdToNano(0.3, 'ceil')).toBe(300_000_000);
    expect(usdToNano(0.1 + 0.2, 'floor')).toBe(300_000_000);
    expect(usdToNano(0.0000000004, 'ceil')).toBe(1);
    expect(usdToNano(0.0000000004)).toBe(0);
    for (const n of [0, 1, 999, 525_300, 123_456_789_012]) expect(usdToNano(nanoToUsd(n))).toBe(n);
    expect(() => usdToNano(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(formatUsd(0)).toBe('$0.000000');
    expect(formatUsd(-0.0000125)).toBe('-$0.000013');
  });
});
