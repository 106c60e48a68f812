import { z } from 'zod';
import { text } from './text';

/** Identifiers the game server chooses (NPC ids, player ids): printable, no spaces. */
export const ExternalId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:@#-]+$/, 'letters, digits and _ . : @ # - only');

/** An rAthena map name such as `prontera` or `prt_fild08`. */
export const MapName = z.string().min(1).max(32).regex(/^[A-Za-z0-9_@.-]+$/, 'an rAthena map name');
export const Coord = z.number().int().min(0).max(1024);
export const Zeny = z.number().int().min(0).max(2_000_000_000);
export const ItemName = text().min(1).max(64);
export const ShortText = text().min(1).max(120);

/** An rAthena item's database id (`getitem <id>`), as in item_db. */
export const ItemId = z.number().int().min(1).max(2_147_483_647);
/** An rAthena item's server name (`AegisName` in item_db: `Red_Potion`), usable in scripts instead of the id. */
export const AegisName = z.string().min(1).max(64).regex(/^[A-Za-z0-9_'.!-]+$/, 'an rAthena AegisName');
