/**
 * The leaves a behaviour tree may call (mistreevous `condition` / `action` nodes, `call` + `args`),
 * with their argument schemas: validated at registration so that a tree that reaches a decision
 * always runs. Implementations: conditions.ts and actions.ts (stepped by run.ts).
 */
import { z } from 'zod';
import { ACTION_TYPES, Emotion, EVENT_TYPES, INTENTS, MapName, MEMORY_KINDS, WORLD_EVENT_TYPES } from '@npc/contracts';

const TRAITS = ['openness', 'conscientiousness', 'extraversion', 'agreeableness', 'neuroticism'] as const;
export const PERIODS = ['dawn', 'day', 'dusk', 'night'] as const;
export type Period = (typeof PERIODS)[number];

const Op = z.enum(['>', '<', '>=', '<=']);
const Unit = z.number().min(0).max(1);
const Say = z.string().min(1).max(200).regex(/^[^<>{}]*(\{(player|npc|holder)\}[^<>{}]*)*$/, 'text with only {player}, {npc} or {holder} placeholders');
/** A resource template: `quest-slot:{player}`, `stock:{item}`, `boss:{map}`. */
const ResourceTemplate = z.string().min(1).max(128)
  .regex(/^([A-Za-z0-9_.:@#/ -]|\{(player|npc|map|item|quest)\})+$/, 'a resource id with only {player}, {npc}, {map}, {item} or {quest} placeholders');
const Waypoint = z.string().regex(/^([A-Za-z0-9_@.-]{1,32}:)?\d{1,4},\d{1,4}$/, 'a waypoint "x,y" or "map:x,y"');

/** Argument lists per leaf: a tuple (fixed) or a rest list (one or more of one kind). */
type ArgSpec = z.ZodType<readonly unknown[]>;
const rest = <T extends z.ZodType>(item: T, min = 1, max = 20) => z.array(item).min(min).max(max);

export const CONDITIONS = {
  /** The recognised intent is one of these. */
  IsIntent: rest(z.enum(INTENTS)),
  /** The event type is one of these. */
  IsEvent: rest(z.enum(EVENT_TYPES)),
  /** Time of day (request context `hour`/`time`, else the server's UTC hour): dawn 5–7, day 8–17, dusk 18–20, night 21–4. */
  IsTime: rest(z.enum(PERIODS), 1, 4),
  /** Every one of these actions is allowed by the request. */
  IsAllowed: rest(z.enum(ACTION_TYPES)),
  /** The NPC remembers at least `min` (default 1) of this kind about the player (`any`: met before). */
  Remembers: z.union([z.tuple([z.enum([...MEMORY_KINDS, 'any'])]), z.tuple([z.enum([...MEMORY_KINDS, 'any']), z.number().int().min(1).max(1000)])]),
  /** A Big Five trait compared with a value: `["neuroticism", ">", 0.6]`. */
  Trait: z.tuple([z.enum(TRAITS), Op, Unit]),
  /** The alarm level (personality + grudges + provocation, see @npc/rules alarmLevel) reaches the threshold (default 0.6). */
  Alarm: z.union([z.tuple([]), z.tuple([z.number().min(-5).max(5)])]),
  /** A world event is known (of these types, or any). */
  HasNews: rest(z.enum(WORLD_EVENT_TYPES), 0, 6),
  /** The decision made so far (by Rules, Act…) is one of these action types. */
  DecisionIs: rest(z.enum(ACTION_TYPES)),
  /** The player asks for a better price. */
  Haggling: z.tuple([]),
  /** The player's level compared with a number (false when unknown). */
  PlayerLevel: z.tuple([Op, z.number().int().min(1).max(999)]),
  /** The request's context map is one of these. */
  OnMap: rest(MapName),
  /** Seeded coin flip (same decision id → same outcome). */
  Chance: z.tuple([Unit]),
} as const satisfies Record<string, ArgSpec>;

export const ACTIONS = {
  /** Decide by the rules (with memory and the tree's tuning); always succeeds. */
  Rules: z.tuple([]),
  /** Ask the LLM route; fails where none is available (a selector then falls through). */
  Llm: z.tuple([]),
  /** Ask the trained model; fails until one is promoted. */
  Model: z.tuple([]),
  /** Fix the action type (arguments from the NPC's services, words from its voice), optionally saying this. */
  Act: z.union([z.tuple([z.enum(ACTION_TYPES)]), z.tuple([z.enum(ACTION_TYPES), Say])]),
  /** Replace what the decision says (or talk, when nothing is decided yet). */
  Say: z.tuple([Say]),
  /** Set the emotion (or emote, when nothing is decided yet). */
  Emote: z.tuple([Emotion]),
  /** Walk to a waypoint: the one for the current minute, cycling through the list. */
  Patrol: rest(Waypoint, 1, 32),
  /** Cap the discount the rules may give (percent; 0 = no haggling). */
  Discount: z.tuple([z.number().int().min(0).max(25)]),
  /** The alarm level at which the rules escalate against an insult. */
  AlarmThreshold: z.tuple([z.number().min(-5).max(5)]),
  /** Claim an exclusive resource: `[template, priority?, ttlSeconds?, windowMs?]`; fails when another NPC holds it. */
  Claim: z.union([
    z.tuple([ResourceTemplate]),
    z.tuple([ResourceTemplate, z.number().int().min(-1000).max(1000)]),
    z.tuple([ResourceTemplate, z.number().int().min(-1000).max(1000), z.number().int().min(1).max(86_400)]),
    z.tuple([ResourceTemplate, z.number().int().min(-1000).max(1000), z.number().int().min(1).max(86_400), z.number().int().min(0).max(2000)]),
  ]),
  /** Release a resource this NPC holds; fails when it holds none. */
  Release: z.tuple([ResourceTemplate]),
  /** After a failed Claim: talk, deferring to the holder (`{holder}` in the text names it). */
  Defer: z.union([z.tuple([]), z.tuple([Say])]),
} as const satisfies Record<string, ArgSpec>;

export type ConditionName = keyof typeof CONDITIONS;
export type ActionName = keyof typeof ACTIONS;
export const CONDITION_NAMES = Object.keys(CONDITIONS) as ConditionName[];
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
