import type { Redis } from 'ioredis';
import { z } from 'zod';
import { defineScripts } from '@npc/config';
import { redisKeys } from '@npc/contracts';
import { sanitizeSkill, type SkillRating } from './model';

/** A player's rating as cached in Redis (PostgreSQL `player_ratings` is the source of truth). */
export const PlayerSkill = z.object({
  mu: z.number(),
  sigma: z.number(),
  matches: z.number().int().min(0),
  wins: z.number().int().min(0),
  losses: z.number().int().min(0),
  updatedAt: z.string().optional(),
});
export type PlayerSkill = z.infer<typeof PlayerSkill>;

/** Writes unless the cached entry already counts more matches: a late writer never rolls it back. */
const SCRIPTS = { npcSkillWrite: new URL('./lua/skill-write.lua', import.meta.url) };

/** The Redis copy of players' ratings at `redisKeys(prefix).playerSkill(id)`; no TTL (small, one per rated player). */
export class SkillCache {
  private readonly keys;
  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = redisKeys(prefix);
  }

  /** The cached rating, or null when the player was never rated (or the entry is unreadable). */
  async read(playerId: string): Promise<SkillRating | null> {
    const raw = await this.redis.get(this.keys.playerSkill(playerId));
    return parseSkill(raw);
  }

  async write(playerId: string, skill: PlayerSkill): Promise<boolean> {
    const written = await defineScripts(this.redis, SCRIPTS).npcSkillWrite(this.keys.playerSkill(playerId), JSON.stringify(skill), skill.matches);
    return written === 1;
  }
}

/** A cached entry → a usable rating; null for a missing or malformed one. */
export function parseSkill(raw: string | null): SkillRating | null {
  if (!raw) return null;
  try {
    const parsed = PlayerSkill.safeParse(JSON.parse(raw));
    return parsed.success ? sanitizeSkill(parsed.data) : null;
  } catch {
    return null;
  }
}
