import { z } from 'zod';

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
export const ItemName = z.string().min(1).max(64);
export const ShortText = z.string().min(1).max(120);
