import { describe, expect, it } from 'vitest';
import { signature } from './signature';

describe('signature', () => {
  it('normalises the text the way the recogniser does', () => {
    expect(signature('Can u warp me to Izlude pls?')).toBe('can you warp me to <town> please');
    expect(signature('  HELLO   there ')).toBe(signature('hello there'));
  });

  it('replaces numbers, items, towns and jobs by placeholders', () => {
    expect(signature('wtb 10 red pots')).toBe('want to buy <n> <item>');
    expect(signature('I want to become a Swordman')).toBe('i want to become a <job>');
    expect(signature('refine my +7 sword please')).toBe('refine my <n> <item> please');
    expect(signature('i have 600z')).toBe('i have <n> zeny');
  });

  it('groups utterances that differ only in their specifics', () => {
    expect(signature('buy 3 red potions')).toBe(signature('buy 20 fly wings'));
    expect(signature('warp me to prontera')).toBe(signature('warp me to Geffen'));
    // a misspelt town is still a town
    expect(signature('take me to prontra')).toBe('take me to <town>');
  });

  it('leaves ordinary words alone (no fuzzy match on short words)', () => {
    expect(signature('where is the tool shop')).toBe('where is the tool shop');
    expect(signature('could you help me')).toBe('could you help me');
    expect(signature('')).toBe('');
  });

  it('is deterministic', () => {
    const texts = ['how much for white potion', 'please store my stuff', 'bye!'];
    expect(texts.map(signature)).toEqual(texts.map(signature));
  });
});
