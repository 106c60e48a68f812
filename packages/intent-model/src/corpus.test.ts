import { INTENTS } from '@npc/contracts';
import { describe, expect, it } from 'vitest';
import { expand, generateCorpus, TEMPLATES } from './corpus';
import { Rng } from './rng';
import { splitHeldOut } from './split';

describe('generateCorpus', () => {
  it('is deterministic from the seed and balanced over every intent', () => {
    const a = generateCorpus({ seed: 3, perIntent: 60 });
    expect(generateCorpus({ seed: 3, perIntent: 60 })).toEqual(a);
    expect(generateCorpus({ seed: 4, perIntent: 60 })).not.toEqual(a);
    expect(a).toHaveLength(60 * INTENTS.length);
    for (const intent of INTENTS) expect(a.filter((e) => e.intent === intent)).toHaveLength(60);
    for (const e of a) expect(e.text.trim().length).toBeGreaterThan(0);
  });

  it('is varied: mostly distinct texts, with slang, typos and mixed case', () => {
    const a = generateCorpus({ seed: 1, perIntent: 200 });
    expect(new Set(a.map((e) => e.text)).size / a.length).toBeGreaterThan(0.97);
    expect(a.some((e) => /\bwtb\b/i.test(e.text))).toBe(true);
    expect(a.some((e) => /\+\d/.test(e.text))).toBe(true);
    expect(a.some((e) => e.text === e.text.toUpperCase() && /[A-Z]{3}/.test(e.text))).toBe(true);
  });

  it('expands every template without error', () => {
    const r = new Rng(9);
    for (const list of Object.values(TEMPLATES)) for (const t of list) for (let i = 0; i < 5; i++) expect(typeof expand(t, r)).toBe('string');
    expect(expand('(a|b)(c)', new Rng(1))).toMatch(/^[ab]c$/);
  });
});

describe('splitHeldOut', () => {
  const corpus = generateCorpus({ seed: 2, perIntent: 100 });

  it('is deterministic, about the fraction, and keeps a text on one side whatever the order', () => {
    const a = splitHeldOut(corpus);
    expect(splitHeldOut(corpus)).toEqual(a);
    expect(a.train.length + a.heldOut.length).toBe(corpus.length);
    expect(a.heldOut.length / corpus.length).toBeGreaterThan(0.15);
    expect(a.heldOut.length / corpus.length).toBeLessThan(0.25);
    const reversed = splitHeldOut([...corpus].reverse());
    expect(new Set(reversed.heldOut.map((e) => e.text))).toEqual(new Set(a.heldOut.map((e) => e.text)));
    // Same normalised text → same side, even in another corpus.
    const side = (t: string) => splitHeldOut([{ text: t }]).heldOut.length;
    for (const e of a.heldOut.slice(0, 20)) expect(side(e.text)).toBe(1);
    expect(side('WTB red pots!!')).toBe(side('wtb red pots'));
  });

  it('honours the fraction bounds', () => {
    expect(splitHeldOut(corpus, 0).heldOut).toHaveLength(0);
    expect(splitHeldOut(corpus, 1).train).toHaveLength(0);
    expect(() => splitHeldOut(corpus, 2)).toThrow();
  });
});
