import { z } from 'zod';

export const ApiKeyScope = z.enum(['game', 'admin']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** An API key as the gateway knows it after authentication (never the secret). */
export const ApiKeyPrincipal = z.object({
  id: z.string(),
  name: z.string(),
  scope: ApiKeyScope,
  /** Requests per minute allowed for this key. */
  rateLimitPerMin: z.number().int().positive(),
});
export type ApiKeyPrincipal = z.infer<typeof ApiKeyPrincipal>;
