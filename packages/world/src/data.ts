/**
 * The world knowledge file: what `pnpm npc import rathena` read from a server's own files, as one
 * JSON document (`WORLD_FILE`), validated when it is loaded. Plain data; the indexes are built by
 * `WorldKnowledge` (knowledge.ts).
 */
import { z } from 'zod';

export const WORLD_FORMAT = 'npc-brain-world';
export const WORLD_VERSION = 1;

/** rAthena's two database layouts: pre-renewal (`db/pre-re`, `npc/pre-re`) and renewal (`db/re`, `npc/re`). */
export const RATHENA_MODES = ['pre-re', 're'] as const;
export const RathenaMode = z.enum(RATHENA_MODES);
export type RathenaMode = z.infer<typeof RathenaMode>;

const int = z.number().int();

export const WorldItem = z.object({
  id: int.min(1),
  aegis: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  /** item_db `Type`: Healing, Usable, Etc, Weapon, Armor, Card, Ammo, … */
  type: z.string().max(32),
  /** What an NPC shop charges (item_db `Buy`, else 2 × Sell). */
  buy: int.min(0),
  /** What an NPC pays a player (item_db `Sell`, else Buy / 2). */
  sell: int.min(0),
  /** In tenths, as item_db writes it (10 = weight 1). */
  weight: int.min(0),
  slots: int.min(0).optional(),
  /** Equipment location keys (`Right_Hand`, `Armor`, `Head_Top`, …). */
  locations: z.array(z.string().max(32)).max(16).optional(),
});
export type WorldItem = z.infer<typeof WorldItem>;

export const WorldMonster = z.object({
  id: int.min(1),
  aegis: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  level: int.min(0),
  hp: int.min(0),
  race: z.string().max(32),
  element: z.string().max(32),
  elementLevel: int.min(0).max(9),
  size: z.string().max(16),
  baseExp: int.min(0),
  jobExp: int.min(0),
  /** An MVP (boss with MVP rewards). */
  mvp: z.boolean().optional(),
  /** Its most likely drops, by AegisName, rate in 1/10000. */
  drops: z.array(z.object({ item: z.string().max(64), rate: int.min(0) })).max(12).optional(),
});
export type WorldMonster = z.infer<typeof WorldMonster>;

export const WorldMap = z.object({ name: z.string().min(1).max(32), index: int.min(0).optional() });
export type WorldMap = z.infer<typeof WorldMap>;

export const WorldShop = z.object({
  /** The NPC's unique name (`Tool Dealer#iz`), the visible name is before `#`. */
  npc: z.string().min(1).max(128),
  /** `shop`, `cashshop`, `itemshop`, `pointshop` or `marketshop`. */
  kind: z.string().max(16),
  map: z.string().max(32).optional(),
  x: int.optional(),
  y: int.optional(),
  /** Item id and price; price -1 in the script means the item's own `buy` price (resolved here). */
  items: z.array(z.object({ id: int.min(1), price: int.min(0) })).max(500),
  /** The script file it came from, relative to the rAthena directory. */
  file: z.string().max(256),
});
export type WorldShop = z.infer<typeof WorldShop>;

export const WorldWarp = z.object({
  map: z.string().max(32),
  x: int,
  y: int,
  to: z.object({ map: z.string().max(32), x: int, y: int }),
});
export type WorldWarp = z.infer<typeof WorldWarp>;

export const WorldSpawn = z.object({
  map: z.string().max(32),
  monster: int.min(1),
  count: int.min(0),
  boss: z.boolean().optional(),
});
export type WorldSpawn = z.infer<typeof WorldSpawn>;

export const WorldData = z.object({
  format: z.literal(WORLD_FORMAT),
  version: z.literal(WORLD_VERSION),
  source: z.object({
    /** rAthena directory it was read from (as given). */
    dir: z.string(),
    mode: RathenaMode,
    /** The `git` revision of the tree when known. */
    revision: z.string().optional(),
    importedAt: z.iso.datetime(),
  }),
  items: z.array(WorldItem),
  monsters: z.array(WorldMonster),
  maps: z.array(WorldMap),
  shops: z.array(WorldShop),
  warps: z.array(WorldWarp),
  spawns: z.array(WorldSpawn),
});
export type WorldData = z.infer<typeof WorldData>;
