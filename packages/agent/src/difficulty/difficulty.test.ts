import { ActionArgs, MONSTER_COUNT_MAX, MONSTER_LEVEL_MAX, REWARD_TIER_MAX, REWARD_TIER_MIN } from '@npc/contracts';
import { describe, expect, it } from 'vitest';
import type { Action } from '@npc/contracts';
import { seededRandom } from '@npc/testing';
import {
  CHALLENGE_SIGMA, MU_MAX, MU_MIN, OFFSET_MAX, SKILL_MU, SKILL_SIGMA, challengeSkill, defaultSkill, rateOutcome, sanitizeSkill, skillOffset,
  type ChallengeResult, type SkillRating,
} from './model';
import { applyScaling, challengeBase, challengeOffset, isRatedDecision, rateDecision, scaleChallenge, type ChallengeBase } from './scale';

/** mulberry32 (deterministic, so a failing case reproduces). */
const rng = seededRandom;

describe('rating model (OpenSkill, player vs challenge)', () => {
  it('a fresh player is 25 ± 8.33 at offset 0', () => {
    expect(defaultSkill()).toEqual({ mu: SKILL_MU, sigma: SKILL_SIGMA });
    expect(skillOffset(defaultSkill())).toBe(0);
  });

  it('success raises mu, failure lowers it; both shrink sigma', () => {
    const p = defaultSkill();
    const won = rateOutcome(p, challengeSkill(0), 'success');
    const lost = rateOutcome(p, challengeSkill(0), 'failure');
    expect(won.mu).toBeGreaterThan(p.mu);
    expect(lost.mu).toBeLessThan(p.mu);
    expect(won.sigma).toBeLessThan(p.sigma);
    expect(lost.sigma).toBeLessThan(p.sigma);
  });

  it('beating a harder challenge is worth more; losing to an easier one costs more', () => {
    const p = defaultSkill();
    const easyWin = rateOutcome(p, challengeSkill(-2), 'success').mu - p.mu;
    const hardWin = rateOutcome(p, challengeSkill(2), 'success').mu - p.mu;
    expect(hardWin).toBeGreaterThan(easyWin);
    const easyLoss = p.mu - rateOutcome(p, challengeSkill(-2), 'failure').mu;
    const hardLoss = p.mu - rateOutcome(p, challengeSkill(2), 'failure').mu;
    expect(easyLoss).toBeGreaterThan(hardLoss);
  });

  it('sanitizes corrupt ratings', () => {
    expect(sanitizeSkill({ mu: Number.NaN, sigma: -1 })).toEqual({ mu: SKILL_MU, sigma: 0.5 });
    expect(sanitizeSkill({ mu: 1e9, sigma: 1e9 })).toEqual({ mu: MU_MAX, sigma: SKILL_SIGMA });
    expect(sanitizeSkill(null)).toEqual(defaultSkill());
    expect(challengeSkill(Number.POSITIVE_INFINITY)).toEqual({ mu: SKILL_MU, sigma: CHALLENGE_SIGMA });
  });

  it('property: over random ratings, challenges and results, ratings move the right way and stay finite and bounded', () => {
    const r = rng(42);
    for (let i = 0; i < 2000; i++) {
      const p: SkillRating = { mu: SKILL_MU + (r() - 0.5) * 60, sigma: 0.5 + r() * (SKILL_SIGMA - 0.5) };
      const c = challengeSkill((r() - 0.5) * 2 * OFFSET_MAX);
      const result: ChallengeResult = r() < 0.5 ? 'success' : 'failure';
      const next = rateOutcome(p, c, result);
      expect(Number.isFinite(next.mu) && Number.isFinite(next.sigma)).toBe(true);
      if (result === 'success') expect(next.mu, JSON.stringify({ p, c })).toBeGreaterThan(p.mu);
      else expect(next.mu, JSON.stringify({ p, c })).toBeLessThan(p.mu);
      expect(next.mu).toBeGreaterThanOrEqual(MU_MIN);
      expect(next.mu).toBeLessThanOrEqual(MU_MAX);
      expect(next.sigma).toBeGreaterThanOrEqual(0.5);
      expect(next.sigma).toBeLessThanOrEqual(SKILL_SIGMA);
    }
  });

  it('property: a long run of wins (losses) against matched challenges climbs (falls) monotonically to the clamp', () => {
    for (const result of ['success', 'failure'] as const) {
      let p = defaultSkill();
      let z = 0;
      for (let i = 0; i < 60; i++) {
        const next = rateOutcome(p, challengeSkill(skillOffset(p)), result);
        const nz = skillOffset(next);
        if (result === 'success') expect(nz).toBeGreaterThanOrEqual(z);
        else expect(nz).toBeLessThanOrEqual(z);
        p = next;
        z = nz;
      }
      expect(Math.abs(z)).toBe(OFFSET_MAX);
    }
  });
});

describe('scaleChallenge', () => {
  const base: ChallengeBase = { level: 20, count: 5 };

  it('a fresh player gets par', () => {
    expect(scaleChallenge(defaultSkill(), base)).toEqual({ monsterLevel: 20, monsterCount: 5, rewardTier: 3 });
  });

  it('a stronger player gets higher level, more monsters, a better reward; a weaker one the reverse', () => {
    const strong = scaleChallenge({ mu: SKILL_MU + 2 * SKILL_SIGMA, sigma: 4 }, base);
    const weak = scaleChallenge({ mu: SKILL_MU - 2 * SKILL_SIGMA, sigma: 4 }, base);
    expect(strong.monsterLevel).toBeGreaterThan(20);
    expect(strong.monsterCount).toBeGreaterThan(5);
    expect(strong.rewardTier).toBeGreaterThan(3);
    expect(weak.monsterLevel).toBeLessThan(20);
    expect(weak.monsterCount).toBeLessThan(5);
    expect(weak.rewardTier).toBeLessThan(3);
  });

  it('clamps: at most ±30 % of the base level (at least ±6), counts ×0.35…×2.8, tiers 1…5', () => {
    const top = scaleChallenge({ mu: 1e6, sigma: 1 }, base);
    const bottom = scaleChallenge({ mu: -1e6, sigma: 1 }, base);
    expect(top).toEqual({ monsterLevel: 26, monsterCount: 14, rewardTier: 5 });
    expect(bottom).toEqual({ monsterLevel: 14, monsterCount: 2, rewardTier: 1 });
    expect(scaleChallenge({ mu: -1e6, sigma: 1 }, { level: 1, count: 1 })).toEqual({ monsterLevel: 1, monsterCount: 1, rewardTier: 1 });
    expect(scaleChallenge({ mu: 1e6, sigma: 1 }, { level: 999, count: 100 })).toEqual({ monsterLevel: 999, monsterCount: 100, rewardTier: 5 });
  });

  it('property: for random skills and bases, parameters are bounded integers, monotone in mu, and read back as the skill', () => {
    const r = rng(7);
    for (let i = 0; i < 3000; i++) {
      const b: ChallengeBase = { level: 1 + Math.floor(r() * 200), count: 1 + Math.floor(r() * 20), ...(r() < 0.3 ? { tier: 1 + Math.floor(r() * 5) } : {}) };
      const mu = SKILL_MU + (r() - 0.5) * 80;
      const a = scaleChallenge({ mu, sigma: 3 }, b);
      const higher = scaleChallenge({ mu: mu + r() * 10, sigma: 3 }, b);
      for (const s of [a, higher]) {
        expect(Number.isInteger(s.monsterLevel) && Number.isInteger(s.monsterCount) && Number.isInteger(s.rewardTier)).toBe(true);
        expect(s.monsterLevel).toBeGreaterThanOrEqual(Math.max(1, Math.floor(b.level - 3 * Math.max(2, b.level * 0.1))));
        expect(s.monsterLevel).toBeLessThanOrEqual(Math.min(MONSTER_LEVEL_MAX, Math.ceil(b.level + 3 * Math.max(2, b.level * 0.1))));
        expect(s.monsterCount).toBeGreaterThanOrEqual(1);
        expect(s.monsterCount).toBeLessThanOrEqual(Math.min(MONSTER_COUNT_MAX, Math.ceil(b.count * 2 ** 1.5)));
        expect(s.rewardTier).toBeGreaterThanOrEqual(REWARD_TIER_MIN);
        expect(s.rewardTier).toBeLessThanOrEqual(REWARD_TIER_MAX);
        expect(ActionArgs.give_quest.safeParse({ quest: 'q', ...s }).success).toBe(true);
        expect(ActionArgs.attack.safeParse({ ...s }).success).toBe(true);
      }
      expect(higher.monsterLevel).toBeGreaterThanOrEqual(a.monsterLevel);
      expect(higher.monsterCount).toBeGreaterThanOrEqual(a.monsterCount);
      expect(higher.rewardTier).toBeGreaterThanOrEqual(a.rewardTier);
      // The level the player was given reads back as the player's own skill (rounding aside; away from level 1).
      const z = skillOffset({ mu, sigma: 3 });
      if (b.level + z * Math.max(2, b.level * 0.1) >= 1) expect(Math.abs(challengeOffset({ monsterLevel: a.monsterLevel }, b) - z)).toBeLessThanOrEqual(0.25 + 1e-9);
    }
  });
});

describe('decisions', () => {
  const player = { level: 30 };

  it('scales give_quest and attack from the player\'s level (a quest\'s level is its floor), overwriting stage-written values; other actions unchanged', () => {
    const strong = { mu: SKILL_MU + SKILL_SIGMA, sigma: 5 };
    const quest = applyScaling({ type: 'give_quest', args: { quest: 'poring', level: 10, monsterLevel: 999 } }, player, strong);
    expect(quest).toEqual({ type: 'give_quest', args: { quest: 'poring', level: 10, monsterLevel: 33, monsterCount: 7, rewardTier: 4 } });
    const fight = applyScaling({ type: 'attack', args: { target: 'Aria' } }, player, defaultSkill());
    expect(fight).toEqual({ type: 'attack', args: { target: 'Aria', monsterLevel: 30, monsterCount: 1, rewardTier: 3 } });
    const talk = { type: 'talk', args: {} } as const;
    expect(applyScaling(talk, player, strong)).toBe(talk);
  });

  it('a quest that asks for items has their amount as its par count; the reward follows the tier; a low player gets the quest\'s own level', () => {
    const npc = { services: { quests: [{ id: 'jelly', name: 'Jellopy Hunt', minLevel: 10, maxLevel: 40, requires: [{ item: 'Jellopy', amount: 10 }], reward: '1000 base exp' }] } };
    const give = { type: 'give_quest', args: { quest: 'jelly', level: 10, reward: '1000 base exp' } } as const;
    expect(applyScaling(give, { level: 12 }, defaultSkill(), npc)).toEqual({ type: 'give_quest', args: { quest: 'jelly', level: 10, reward: '1000 base exp', monsterLevel: 12, monsterCount: 10, rewardTier: 3 } });
    const strong = applyScaling(give, { level: 12 }, { mu: SKILL_MU + 3 * SKILL_SIGMA, sigma: 3 }, npc);
    expect(strong.args).toMatchObject({ monsterCount: 28, rewardTier: 5, reward: '2000 base exp' });
    expect(applyScaling(give, { level: 3 }, defaultSkill(), npc).args).toMatchObject({ monsterLevel: 10 });
    expect(applyScaling(give, { level: 90 }, defaultSkill(), npc).args).toMatchObject({ monsterLevel: 40 });
  });

  it('a quest\'s machine-readable terms scale with it, and scaling twice changes nothing', () => {
    const npc = { services: { quests: [{ id: 'herbs', name: 'Herbs', requires: [{ item: 'Red Herb', amount: 10 }, { item: 'Green Herb', amount: 4 }], reward: '2 White Potion', rewardItem: 'White Potion', rewardAmount: 2, rewardZeny: 1000 }] } };
    const give: Action = { type: 'give_quest', args: { quest: 'herbs', reward: '2 White Potion', requires: [{ item: 'Red Herb', amount: 10 }, { item: 'Green Herb', amount: 4 }], rewardItem: 'White Potion', rewardAmount: 2, rewardZeny: 1000 } };
    const strong = { mu: SKILL_MU + 2 * SKILL_SIGMA, sigma: 3 };
    const once = applyScaling(give, { level: 20 }, strong, npc);
    expect(once.args).toMatchObject({ monsterCount: 20, rewardTier: 4, requires: [{ item: 'Red Herb', amount: 20 }, { item: 'Green Herb', amount: 8 }], rewardAmount: 3, rewardZeny: 1414, reward: '3 White Potion' });
    expect(applyScaling(once, { level: 20 }, strong, npc)).toEqual(once);
  });

  it('rates quest and combat decisions only', () => {
    expect(isRatedDecision('give_quest', 'talk')).toBe(true);
    expect(isRatedDecision('complete_quest', 'talk')).toBe(true);
    expect(isRatedDecision('attack', 'talk')).toBe(true);
    expect(isRatedDecision('talk', 'combat')).toBe(true);
    expect(isRatedDecision('talk', 'quest')).toBe(true);
    expect(isRatedDecision('warp', 'talk')).toBe(false);
  });

  it('completing a scaled-up quest is worth more than a par one', () => {
    const p = defaultSkill();
    const par = applyScaling({ type: 'give_quest', args: { quest: 'q', level: 20 } }, player, p);
    const hard = applyScaling({ type: 'give_quest', args: { quest: 'q', level: 20 } }, player, { mu: 45, sigma: 3 });
    expect(challengeOffset(hard.args as object, challengeBase(hard, player))).toBeGreaterThan(1);
    expect(rateDecision(p, hard, player, 'success').mu).toBeGreaterThan(rateDecision(p, par, player, 'success').mu);
    // An unscaled decision (older record, or one without args) is a par challenge.
    expect(rateDecision(p, { type: 'complete_quest', args: { quest: 'q' } }, player, 'success')).toEqual(rateOutcome(p, challengeSkill(0), 'success'));
  });
});
