import { z } from 'zod';

/**
 * What a key may do. `game` (the key on the game host): decide, read its own decisions, give
 * feedback, read NPCs and events. `npc:write`: what `game` may, plus register NPCs
 * (PUT /v1/npcs/{id}) and world events (POST /v1/events). `admin`: everything.
 */
export const ApiKeyScope = z.enum(['game', 'npc:write', 'admin']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** Each scope grants what the ones before it grant: game < npc:write < admin. */
const SCOPE_RANK: Record<ApiKeyScope, number> = { game: 0, 'npc:write': 1, admin: 2 };

/** Whether a key with scope `have` may do what needs scope `need`. */
export function scopeGrants(have: ApiKeyScope, need: ApiKeyScope): boolean {
  return SCOPE_RANK[have] >= SCOPE_RANK[need];
}

/** An API key as the gateway knows it after authentication (never the secret). */
export const ApiKeyPrincipal = z.object({
  id: z.string(),
  name: z.string(),
  scope: ApiKeyScope,
  /** Requests per minute allowed for this key. */
  rateLimitPerMin: z.number().int().positive(),
});
export type ApiKeyPrincipal = z.infer<typeof ApiKeyPrincipal>;
