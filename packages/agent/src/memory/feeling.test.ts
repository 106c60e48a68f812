import { describe, expect, it } from 'vitest';
import { NEUTRAL_PERSONALITY } from '@npc/contracts';
import type { Memory } from '@npc/contracts';
import { escalates as escalatesRules } from '@npc/rules';
import { feelingOf } from './feeling';
import { emptyTally } from './reflection';

const H = 3_600_000;
const ep = (kind: Memory['kind'], at: number): Memory => ({ id: `${kind}-${at}`, kind, text: 'x', importance: 0.5, at });

describe('grudges and warmth fade, and apologies and kindness weigh against them', () => {
  const now = 1_000 * H;
  it('an insult weighs 1 when said, ½ a half-life later, and almost nothing after a few', () => {
    expect(feelingOf({ episodes: [ep('insult', now)] }, now, 72 * H).insults).toBe(1);
    expect(feelingOf({ episodes: [ep('insult', now - 72 * H)] }, now, 72 * H).insults).toBe(0.5);
    expect(feelingOf({ episodes: [ep('insult', now - 10 * 72 * H)] }, now, 72 * H).insults).toBeLessThanOrEqual(0.001);
  });

  it('a neutral guard escalates at a second insult today, but not at one insult a week after the first', () => {
    const traits = { ...NEUTRAL_PERSONALITY };
    const today = feelingOf({ episodes: [ep('insult', now - H)] }, now, 72 * H);
    expect(escalatesRules(traits, { insults: today.insults, violence: 0 }, 'insult')).toBe(true);
    const weekAgo = feelingOf({ episodes: [ep('insult', now - 168 * H)] }, now, 72 * H);
    expect(escalatesRules(traits, { insults: weekAgo.insults, violence: 0 }, 'insult')).toBe(false);
  });

  it('an apology cancels an insult; kindness halves one; both warm the NPC', () => {
    expect(feelingOf({ episodes: [ep('insult', now - H), ep('apology', now)] }, now).insults).toBe(0);
    const kind = feelingOf({ episodes: [ep('insult', now), ep('kindness', now)] }, now);
    expect(kind.insults).toBe(0.5);
    expect(kind.warmth).toBeGreaterThan(0);
  });

  it('insults folded into the reflection fade from the reflection\'s time', () => {
    const reflection: Memory = { id: 'reflection', kind: 'reflection', text: 'x', importance: 0.7, at: now - 72 * H, tally: { ...emptyTally(0), insults: 2 } };
    expect(feelingOf({ episodes: [], reflection }, now, 72 * H).insults).toBe(1);
  });
});
