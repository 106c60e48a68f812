/**
 * The player's skill rating: OpenSkill (Weng-Lin, Plackett-Luce model), one player against one
 * challenge per match. See the README, "Difficulty scaling".
 */
import { rate } from 'openskill';

/** A Gaussian belief about skill: mean and uncertainty, in OpenSkill's units (fresh = 25 ± 8.33). */
export interface SkillRating {
  mu: number;
  sigma: number;
}

/** How a challenge went for the player: quest completed / fight won, or failed / lost. */
export type ChallengeResult = 'success' | 'failure';

/** OpenSkill's defaults: a fresh rating and the performance spread per match. */
export const SKILL_MU = 25;
export const SKILL_SIGMA = 25 / 3;
export const SKILL_BETA = 25 / 6;
/** How well we know a challenge's difficulty: it is derived from its parameters, so better than a player's. */
export const CHALLENGE_SIGMA = 2;
/** Mu per unit of skill offset (`skillOffset`): one fresh sigma. */
export const SKILL_UNIT = SKILL_SIGMA;
/** Skill offsets are clamped to ±this many units: parameters never run away. */
export const OFFSET_MAX = 3;
/** Stored ratings stay within these (a guard against corrupt input, far outside normal play). */
export const MU_MIN = SKILL_MU - 12 * SKILL_UNIT;
export const MU_MAX = SKILL_MU + 12 * SKILL_UNIT;
export const SIGMA_MIN = 0.5;

export const defaultSkill = (): SkillRating => ({ mu: SKILL_MU, sigma: SKILL_SIGMA });

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A usable rating: non-finite or out-of-range values are replaced or clamped. */
export function sanitizeSkill(r: Partial<SkillRating> | null | undefined): SkillRating {
  const mu = typeof r?.mu === 'number' && Number.isFinite(r.mu) ? clamp(r.mu, MU_MIN, MU_MAX) : SKILL_MU;
  const sigma = typeof r?.sigma === 'number' && Number.isFinite(r.sigma) ? clamp(r.sigma, SIGMA_MIN, SKILL_SIGMA) : SKILL_SIGMA;
  return { mu, sigma };
}

/**
 * The player's skill relative to a fresh player, in units of `SKILL_UNIT`, clamped to ±`OFFSET_MAX`.
 * The mean, not a conservative `mu − kσ`: a fresh player gets par challenges, and a failure
 * always lowers the offset (a conservative estimate could rise after a loss as σ shrinks).
 */
export function skillOffset(r: SkillRating): number {
  const { mu } = sanitizeSkill(r);
  return clamp((mu - SKILL_MU) / SKILL_UNIT, -OFFSET_MAX, OFFSET_MAX);
}

/** The rating of a challenge whose difficulty is `offset` units above par. */
export function challengeSkill(offset: number): SkillRating {
  const z = Number.isFinite(offset) ? clamp(offset, -OFFSET_MAX, OFFSET_MAX) : 0;
  return { mu: SKILL_MU + z * SKILL_UNIT, sigma: CHALLENGE_SIGMA };
}

/**
 * One match, player vs challenge: success ranks the player first. Returns the player's new
 * rating (the challenge's own update is dropped: its rating is derived from its parameters).
 * Success always raises mu, failure always lowers it; sigma shrinks as evidence accumulates.
 */
export function rateOutcome(player: SkillRating, challenge: SkillRating, result: ChallengeResult): SkillRating {
  const p = sanitizeSkill(player);
  const c = { mu: Number.isFinite(challenge.mu) ? challenge.mu : SKILL_MU, sigma: Number.isFinite(challenge.sigma) && challenge.sigma > 0 ? challenge.sigma : CHALLENGE_SIGMA };
  const [[next]] = rate([[p], [c]], { rank: result === 'success' ? [1, 2] : [2, 1] });
  return sanitizeSkill(next);
}
