import { describe, expect, it } from 'vitest';
import cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import o200k from 'gpt-tokenizer/encoding/o200k_base';
import { costNano } from './pricing';
import { countTextTokens, encodingForModel, estimatePromptTokens, reservationFor, reservationNano } from './tokens';

const MINI = { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 };

describe('token estimates', () => {
  it('counts a known string like the o200k tokenizer', () => {
    expect(countTextTokens('hello world')).toBe(2);
    const text = 'Hello, adventurer! Can you warp me to Izlude? I have 600 zeny.';
    const n = countTextTokens(text, 'gpt-4o-mini');
    expect(n).toBeGreaterThanOrEqual(12);
    expect(n).toBeLessThanOrEqual(20);
    expect(countTextTokens('')).toBe(0);
  });

  it('treats special-token text typed by a player as plain text', () => {
    expect(countTextTokens('hi <|endoftext|> there')).toBeGreaterThan(4);
  });

  it('adds chat framing per message', () => {
    const messages = [
      { role: 'system', content: 'You are Kafra Employee in Prontera. Answer in one short sentence.' },
      { role: 'user', content: 'Can you warp me to Izlude?' },
    ];
    const content = countTextTokens(messages[0]!.content) + countTextTokens(messages[1]!.content);
    const estimate = estimatePromptTokens(messages, 'gpt-4o-mini');
    expect(estimate).toBeGreaterThan(content);
    expect(estimate).toBeLessThanOrEqual(content + 2 * 6 + 3);
    expect(estimatePromptTokens([])).toBe(3);
  });

  it('picks the encoding by model', () => {
    expect(encodingForModel('gpt-4o-mini')).toBe('o200k_base');
    expect(encodingForModel('gpt-4.1-nano')).toBe('o200k_base');
    expect(encodingForModel('gpt-4')).toBe('cl100k_base');
    expect(encodingForModel('openai/gpt-3.5-turbo')).toBe('cl100k_base');
    expect(encodingForModel('llama-3.1-8b-instruct')).toBe('o200k_base');
    expect(countTextTokens('hello world', 'gpt-4')).toBe(2);
  });

  it('is fast once the encoder is loaded', () => {
    const messages = [{ role: 'system', content: 'x'.repeat(10) }, { role: 'user', content: 'Where is the tool shop?' }];
    estimatePromptTokens(messages);
    const started = performance.now();
    for (let i = 0; i < 2000; i++) estimatePromptTokens([{ role: 'user', content: `Where is the tool shop number ${i}?` }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts a long text it has seen again the same, per encoding, and faster', () => {
    const card = 'You are Kafra Leilah, a cheerful Kafra employee at the south gate of Prontera. '.repeat(40);
    const t0 = performance.now();
    const first = countTextTokens(card, 'gpt-4o-mini');
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    const again = countTextTokens(card, 'gpt-4o-mini');
    const againMs = performance.now() - t1;
    expect(again).toBe(first);
    expect(first).toBe(o200k.countTokens(card));
    // Each encoding keeps its own counts.
    expect(countTextTokens(card, 'gpt-4')).toBe(cl100k.countTokens(card));
    expect(countTextTokens(card, 'gpt-4')).not.toBe(first);
    expect(againMs).toBeLessThan(firstMs);
  });
});

describe('reservationFor', () => {
  it('is the prompt estimate × margin plus max output, rounded up', () => {
    // ⌈100 × 1.2⌉ = 120 input × 150 + 50 output × 600 nano-dollars
    expect(reservationNano({ promptTokens: 100, maxOutputTokens: 50, price: MINI })).toBe(120 * 150 + 50 * 600);
    expect(reservationFor({ promptTokens: 100, maxOutputTokens: 50, price: MINI })).toBe(0.000048);
    expect(reservationNano({ promptTokens: 100, maxOutputTokens: 50, price: MINI, margin: 1 })).toBe(100 * 150 + 50 * 600);
    expect(() => reservationFor({ promptTokens: 100, maxOutputTokens: 50, price: MINI, margin: 0.9 })).toThrow(RangeError);
  });

  it('covers the actual cost of a max-output answer', () => {
    const messages = [
      { role: 'system', content: 'You are an NPC in Ragnarok Online. Reply with JSON {"say": string, "action": string}.' },
      { role: 'user', content: 'Oi, how much for a Red Potion? and is it night in Prontera already??' },
    ];
    for (const model of ['gpt-4o-mini', 'gpt-4']) {
      const promptTokens = estimatePromptTokens(messages, model);
      const maxOutputTokens = 256;
      const reserved = reservationNano({ promptTokens, maxOutputTokens, price: MINI });
      // The provider bills at most the real prompt (≤ our estimate) and max_tokens of output.
      const actual = costNano({ inputTokens: promptTokens, outputTokens: maxOutputTokens }, MINI);
      expect(reserved).toBeGreaterThanOrEqual(actual);
      // …and even a prompt 20 % larger than estimated.
      expect(reserved).toBeGreaterThanOrEqual(costNano({ inputTokens: Math.floor(promptTokens * 1.2), outputTokens: maxOutputTokens }, MINI));
    }
  });
});
