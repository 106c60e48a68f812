import { z } from 'zod';
import { Coord, ExternalId, ItemName, MapName, ShortText, Zeny } from './common';
import { Language } from './language';
import { storableJson, text } from './text';

export const NPC_ROLES = ['kafra', 'merchant', 'guard', 'quest_giver', 'refiner', 'job_master', 'townsperson'] as const;
export const NpcRole = z.enum(NPC_ROLES);
export type NpcRole = z.infer<typeof NpcRole>;

const Trait = z.number().min(0).max(1).default(0.5);
/** Big Five personality traits, each 0..1 (0.5 when not given). */
export const Personality = z.object({
  openness: Trait,
  conscientiousness: Trait,
  extraversion: Trait,
  agreeableness: Trait,
  neuroticism: Trait,
});
export type Personality = z.infer<typeof Personality>;
export const NEUTRAL_PERSONALITY: Personality = {
  openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5,
};

/** What an NPC offers; every action draws its arguments from here. */
export const Services = z.object({
  shop: z.array(z.object({ item: ItemName, price: Zeny, stock: z.number().int().min(0).optional() })).max(200).optional(),
  buys: z.array(z.object({ item: ItemName, price: Zeny })).max(200).optional(),
  warps: z.array(z.object({ destination: ShortText, map: MapName, x: Coord, y: Coord, fee: Zeny })).max(100).optional(),
  storage: z.object({ fee: Zeny }).optional(),
  savePoint: z.object({ map: MapName, x: Coord, y: Coord }).optional(),
  quests: z.array(z.object({
    id: ExternalId,
    name: ShortText,
    minLevel: z.number().int().min(1).max(999).optional(),
    maxLevel: z.number().int().min(1).max(999).optional(),
    requires: z.array(z.object({ item: ItemName, amount: z.number().int().min(1).max(30_000) })).max(20).optional(),
    reward: ShortText.optional(),
    /** The reward, machine-readable (optional; `reward` stays the words): an item and how many, and zeny. */
    rewardItem: ItemName.optional(),
    rewardAmount: z.number().int().min(1).max(30_000).optional(),
    rewardZeny: Zeny.optional(),
  })).max(100).optional(),
  refine: z.object({ fee: Zeny, maxLevel: z.number().int().min(1).max(20) }).optional(),
  jobs: z.array(ShortText).max(50).optional(),
  directions: z.array(z.object({ place: ShortText, map: MapName.optional(), x: Coord.optional(), y: Coord.optional(), hint: text().min(1).max(200) })).max(100).optional(),
});
export type Services = z.infer<typeof Services>;

/** Body of `PUT /v1/npcs/{id}`. */
export const NpcInput = z.object({
  name: text().min(1).max(64),
  role: NpcRole,
  personality: Personality.default(NEUTRAL_PERSONALITY),
  background: text().max(2000).default(''),
  services: Services.default({}),
  /** The language the NPC speaks when a player's message does not show one (default: the server's). */
  language: Language.optional(),
  /** A behaviour tree definition; its schema belongs to packages/agent (validated there). */
  behaviorTree: storableJson().optional(),
});
export type NpcInput = z.input<typeof NpcInput>;

/** A registered NPC as stored and returned by `GET /v1/npcs/{id}`. */
export const Npc = NpcInput.extend({
  id: ExternalId,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Npc = z.infer<typeof Npc>;
