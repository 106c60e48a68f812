import { z } from 'zod';
import { AegisName, Coord, ItemId, ItemName, MapName, ShortText, Zeny } from './common';
import { text } from './text';

/** The fixed action vocabulary of `allowedActions` and `action.type` (decision-api.md). */
export const ACTION_TYPES = [
  'talk', 'emote', 'ignore', 'give_directions', 'quote_price', 'open_shop', 'buy', 'sell', 'warp',
  'open_storage', 'save_point', 'give_quest', 'complete_quest', 'job_change', 'refine', 'attack',
  'call_guards', 'walk',
] as const;
export const ActionType = z.enum(ACTION_TYPES);
export type ActionType = z.infer<typeof ActionType>;

const NoArgs = z.object({}).strict();
const Amount = z.number().int().min(1).max(30_000);

/** Bounds of the difficulty-scaled args (README, "Difficulty scaling"). */
export const MONSTER_LEVEL_MAX = 999;
export const MONSTER_COUNT_MAX = 100;
export const REWARD_TIER_MIN = 1;
export const REWARD_TIER_MAX = 5;
/** Set by the worker from the player's skill rating: monsters' level and count, reward tier (1 poor … 5 best). */
const Scaled = {
  monsterLevel: z.number().int().min(1).max(MONSTER_LEVEL_MAX).optional(),
  monsterCount: z.number().int().min(1).max(MONSTER_COUNT_MAX).optional(),
  rewardTier: z.number().int().min(REWARD_TIER_MIN).max(REWARD_TIER_MAX).optional(),
};

/**
 * The game server's own identity of an item named in an action (optional: filled from the world
 * knowledge imported from the server's item_db, packages/world), so a script can `getitem`/
 * `delitem` by id without a name table of its own.
 */
const ItemIdentity = { itemId: ItemId.optional(), aegisName: AegisName.optional() };

/** An item a quest asks for, with its identity when known. */
export const QuestRequirement = z.object({ item: ItemName, amount: Amount, ...ItemIdentity }).strict();
export type QuestRequirement = z.infer<typeof QuestRequirement>;

/**
 * What a quest asks for and gives, machine-readable beside the `reward` text (all optional): the
 * items to bring, and the reward item (with its identity), its amount and zeny.
 */
const QuestTerms = {
  requires: z.array(QuestRequirement).max(20).optional(),
  rewardItem: ItemName.optional(),
  rewardItemId: ItemId.optional(),
  rewardAegisName: AegisName.optional(),
  rewardAmount: Amount.optional(),
  rewardZeny: Zeny.optional(),
};

/** Arguments of each action type; every object is strict so stray keys are rejected. */
export const ActionArgs = {
  talk: NoArgs,
  emote: NoArgs,
  ignore: NoArgs,
  give_directions: z.object({ destination: ShortText, map: MapName.optional(), x: Coord.optional(), y: Coord.optional() }).strict(),
  quote_price: z.object({ item: ItemName, price: Zeny, ...ItemIdentity }).strict(),
  open_shop: z.object({ shop: ShortText.optional() }).strict(),
  buy: z.object({ item: ItemName, amount: Amount, price: Zeny, ...ItemIdentity }).strict(),
  sell: z.object({ item: ItemName, amount: Amount, price: Zeny, ...ItemIdentity }).strict(),
  warp: z.object({ destination: ShortText, map: MapName.optional(), x: Coord.optional(), y: Coord.optional(), fee: Zeny.optional() }).strict(),
  open_storage: z.object({ fee: Zeny.optional() }).strict(),
  save_point: z.object({ map: MapName.optional(), x: Coord.optional(), y: Coord.optional() }).strict(),
  give_quest: z.object({ quest: ShortText, level: z.number().int().min(1).max(999).optional(), reward: ShortText.optional(), ...QuestTerms, ...Scaled }).strict(),
  complete_quest: z.object({ quest: ShortText, reward: ShortText.optional(), ...QuestTerms }).strict(),
  job_change: z.object({ job: ShortText }).strict(),
  refine: z.object({ slot: text().min(1).max(32).optional(), item: ItemName.optional(), fee: Zeny.optional(), ...ItemIdentity }).strict(),
  attack: z.object({ target: ShortText.optional(), ...Scaled }).strict(),
  call_guards: z.object({ reason: ShortText.optional() }).strict(),
  walk: z.object({ map: MapName.optional(), x: Coord, y: Coord }).strict(),
} as const satisfies Record<ActionType, z.ZodType>;

const variant = <T extends ActionType>(type: T) => z.object({ type: z.literal(type), args: ActionArgs[type] });

/** One chosen action with valid arguments. */
export const Action = z.discriminatedUnion('type', [
  variant('talk'), variant('emote'), variant('ignore'), variant('give_directions'), variant('quote_price'),
  variant('open_shop'), variant('buy'), variant('sell'), variant('warp'), variant('open_storage'),
  variant('save_point'), variant('give_quest'), variant('complete_quest'), variant('job_change'),
  variant('refine'), variant('attack'), variant('call_guards'), variant('walk'),
]);
export type Action = z.infer<typeof Action>;
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
export type ActionArgsOf<T extends ActionType> = ActionOf<T>['args'];
