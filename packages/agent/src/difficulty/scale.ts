/**
 * From a skill rating to challenge parameters, and back: `scaleChallenge` sets monster level and
 * count and the reward tier of a quest or fight; `challengeOffset` reads how hard such a challenge
 * was, for the rating update. See the README, "Difficulty scaling".
 */
import {
  MONSTER_COUNT_MAX, MONSTER_LEVEL_MAX, REWARD_TIER_MAX, REWARD_TIER_MIN,
  type Action, type DecisionRequest, type EventType, type Npc, type Services,
} from '@npc/contracts';
import { challengeSkill, rateOutcome, skillOffset, OFFSET_MAX, type ChallengeResult, type SkillRating } from './model';

/** A challenge at par, for a fresh player. */
export interface ChallengeBase {
  /** The quest's level, else the player's. */
  level: number;
  count: number;
  /** Default `BASE_REWARD_TIER`. */
  tier?: number;
}

export interface ScaledChallenge {
  monsterLevel: number;
  monsterCount: number;
  rewardTier: number;
}

/** The par reward tier (of 1…5). */
export const BASE_REWARD_TIER = 3;
/** Monsters of a quest at par, and of a fight. */
export const QUEST_BASE_COUNT = 5;
export const COMBAT_BASE_COUNT = 1;
/** One skill unit doubles the count every this many units (so ±3 units: ×0.35 … ×2.8). */
const COUNT_UNITS_PER_DOUBLING = 2;
/** Reward tiers per skill unit (±3 units: ±2 tiers). */
const TIERS_PER_UNIT = 2 / 3;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const clampInt = (x: number, lo: number, hi: number) => clamp(Math.round(Number.isFinite(x) ? x : lo), lo, hi);

/** Levels per skill unit: 10 % of the base level, at least 2 (±3 units: ±30 %, at least ±6 levels). */
export const levelStep = (baseLevel: number): number => Math.max(2, baseLevel * 0.1);

function cleanBase(base: ChallengeBase): Required<ChallengeBase> {
  return {
    level: clampInt(base.level, 1, MONSTER_LEVEL_MAX),
    count: clampInt(base.count, 1, MONSTER_COUNT_MAX),
    tier: clampInt(base.tier ?? BASE_REWARD_TIER, REWARD_TIER_MIN, REWARD_TIER_MAX),
  };
}

/**
 * The challenge for a player of this skill: par for a fresh player, harder (higher level, more
 * monsters, a better reward) as the rating rises, easier as it falls. Every output is an integer
 * within the contract's bounds; each is non-decreasing in the player's mu.
 */
export function scaleChallenge(skill: SkillRating, base: ChallengeBase): ScaledChallenge {
  const b = cleanBase(base);
  const z = skillOffset(skill);
  return {
    monsterLevel: clampInt(b.level + z * levelStep(b.level), 1, MONSTER_LEVEL_MAX),
    monsterCount: clampInt(b.count * 2 ** (z / COUNT_UNITS_PER_DOUBLING), 1, MONSTER_COUNT_MAX),
    rewardTier: clampInt(b.tier + z * TIERS_PER_UNIT, REWARD_TIER_MIN, REWARD_TIER_MAX),
  };
}

/**
 * How hard a challenge was, in skill units above par: the mean of what its monster level and
 * count say (the reward tier is a consequence, not a difficulty). Unscaled → 0 (par).
 */
export function challengeOffset(scaled: Partial<ScaledChallenge>, base: ChallengeBase): number {
  const b = cleanBase(base);
  const parts: number[] = [];
  if (typeof scaled.monsterLevel === 'number' && Number.isFinite(scaled.monsterLevel)) parts.push((scaled.monsterLevel - b.level) / levelStep(b.level));
  if (typeof scaled.monsterCount === 'number' && scaled.monsterCount > 0) parts.push(COUNT_UNITS_PER_DOUBLING * Math.log2(scaled.monsterCount / b.count));
  if (parts.length === 0) return 0;
  return clamp(parts.reduce((a, x) => a + x, 0) / parts.length, -OFFSET_MAX, OFFSET_MAX);
}

type Player = Pick<DecisionRequest['player'], 'level'>;

/** The actions that carry scaled parameters. */
export const SCALED_ACTIONS = ['give_quest', 'attack'] as const;
/** Decisions whose reported result rates the player: these actions, or these events. */
export const RATED_ACTIONS: ReadonlySet<string> = new Set(['give_quest', 'complete_quest', 'attack']);
export const RATED_EVENTS: ReadonlySet<string> = new Set<EventType>(['quest', 'combat']);

export function isScaledAction(type: string): type is (typeof SCALED_ACTIONS)[number] {
  return type === 'give_quest' || type === 'attack';
}

export function isRatedDecision(actionType: string, eventType: string): boolean {
  return RATED_ACTIONS.has(actionType) || RATED_EVENTS.has(eventType);
}

type Quest = NonNullable<Services['quests']>[number];

/** The NPC's quest a quest action names, if any. */
export const questOf = (npc: Pick<Npc, 'services'> | undefined, action: Action): Quest | undefined =>
  action.type === 'give_quest' || action.type === 'complete_quest' ? npc?.services.quests?.find((q) => q.id === action.args.quest) : undefined;

/**
 * The par challenge of a decision. It starts from the player's level (a level-12 player on a
 * level-1 quest fights level-12 monsters), kept within the quest's level range; without a level, the
 * quest's. A quest that asks for items has their amount as its par count (so "bring me 10 Jellopy"
 * and `monsterCount` agree); a fight is one opponent at the player's level.
 */
export function challengeBase(action: Action, player: Player, quest?: Quest): ChallengeBase {
  if (action.type === 'give_quest' || action.type === 'complete_quest') {
    const min = quest?.minLevel ?? (action.type === 'give_quest' ? action.args.level : undefined) ?? 1;
    const max = quest?.maxLevel ?? MONSTER_LEVEL_MAX;
    const level = clamp(player.level ?? min, min, Math.max(min, max));
    return { level, count: quest?.requires?.[0]?.amount ?? QUEST_BASE_COUNT };
  }
  return { level: player.level ?? 1, count: COMBAT_BASE_COUNT };
}

/** Reward amounts per tier above or below par: ×√2 a tier (tier 1 ×0.5 … tier 5 ×2). */
export const rewardFactor = (tier: number): number => 2 ** ((tier - BASE_REWARD_TIER) / 2);

/** A reward text with its amounts scaled for the tier ("1000 base exp" at tier 5 → "2000 base exp"). */
export function scaleReward(reward: string, tier: number): string {
  const f = rewardFactor(tier);
  if (f === 1) return reward;
  return reward.replace(/\d[\d,.]*/g, (n) => {
    const v = Number(n.replace(/[,.](?=\d{3}\b)/g, ''));
    return Number.isFinite(v) && v > 0 ? String(Math.max(1, Math.round(v * f))) : n;
  });
}

/**
 * The action with its scaled parameters set (overwriting any a stage wrote) for `give_quest`
 * and `attack`; any other action unchanged (the same object). A quest's reward text follows its
 * tier. `npc` (its quests) gives a quest's level range and par count; `baseReward` is the reward as
 * the NPC wrote it (default: the quest's, else the action's own).
 */
export function applyScaling(action: Action, player: Player, skill: SkillRating, npc?: Pick<Npc, 'services'>): Action {
  if (action.type !== 'give_quest' && action.type !== 'attack') return action;
  const quest = questOf(npc, action);
  const scaled = scaleChallenge(skill, challengeBase(action, player, quest));
  if (action.type === 'attack') return { type: 'attack', args: { ...action.args, ...scaled } };
  const reward = quest?.reward ?? action.args.reward;
  // The machine-readable terms follow from the quest's own (so scaling twice changes nothing):
  // the first required item is `monsterCount`, the others grow by the same factor; reward amounts by the tier.
  const base = quest?.requires?.[0]?.amount;
  const factor = base ? scaled.monsterCount / clamp(base, 1, MONSTER_COUNT_MAX) : 1;
  const requires = quest?.requires?.length && action.args.requires
    ? action.args.requires.map((r, i) => ({ ...r, amount: i === 0 ? scaled.monsterCount : clamp(Math.round((quest.requires?.[i]?.amount ?? r.amount) * factor), 1, 30_000) }))
    : undefined;
  const f = rewardFactor(scaled.rewardTier);
  const rewardAmount = quest?.rewardAmount !== undefined && action.args.rewardAmount !== undefined ? clamp(Math.round(quest.rewardAmount * f), 1, 30_000) : undefined;
  const rewardZeny = quest?.rewardZeny !== undefined && action.args.rewardZeny !== undefined ? clamp(Math.round(quest.rewardZeny * f), 0, 2_000_000_000) : undefined;
  return {
    type: 'give_quest',
    args: {
      ...action.args, ...scaled, ...(reward ? { reward: scaleReward(reward, scaled.rewardTier).slice(0, 120) } : {}),
      ...(requires ? { requires } : {}), ...(rewardAmount === undefined ? {} : { rewardAmount }), ...(rewardZeny === undefined ? {} : { rewardZeny }),
    },
  };
}

/** The player's rating after the result of this decision's challenge. */
export function rateDecision(current: SkillRating, action: Action, player: Player, result: ChallengeResult, npc?: Pick<Npc, 'services'>): SkillRating {
  const args = action.args as Partial<ScaledChallenge>;
  const offset = challengeOffset({
    ...(typeof args.monsterLevel === 'number' ? { monsterLevel: args.monsterLevel } : {}),
    ...(typeof args.monsterCount === 'number' ? { monsterCount: args.monsterCount } : {}),
  }, challengeBase(action, player, questOf(npc, action)));
  return rateOutcome(current, challengeSkill(offset), result);
}
