import { z } from 'zod';

/**
 * What a key may do. `game` (the key on the game host): decide, read its own decisions, give
 * feedback, read NPCs and events. `npc:write`: what `game` may, plus register NPCs
 * (PUT /v1/npcs/{id}) and world events (POST /v1/events). `admin`: everything.
 */
export const ApiKeyScope = z.enum(['game', 'npc:write', 'admin']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** The scopes that may change what an NPC is or knows (PUT /v1/npcs/{id}, POST /v1/events). */
export const NPC_WRITE_SCOPES: readonly ApiKeyScope[] = ['npc:write', 'admin'];

/** An API key as the gateway knows it after authentication (never the secret). */
export const ApiKeyPrincipal = z.object({
  id: z.string(),
  name: z.string(),
  scope: ApiKeyScope,
  /** Requests per minute allowed for this key. */
  rateLimitPerMin: z.number().int().positive(),
});
export type ApiKeyPrincipal = z.infer<typeof ApiKeyPrincipal>;
