import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, ApiKeyScope } from '@npc/contracts';
import { HttpError } from './http-errors';
import { TtlCache } from './ttl-cache';

export interface KeyStore {
  authenticate(key: string): Promise<ApiKeyPrincipal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
    receivedAt: number;
  }
}

/**
 * Bearer-key authentication with a short in-process cache keyed by the key's hash (the plaintext
 * is never kept or logged). Unknown keys are cached briefly too, so a bad client cannot turn every
 * request into a database query. A revoked key stops working within `ttlMs`.
 */
export class Authenticator {
  private readonly cache = new TtlCache<ApiKeyPrincipal | null>(10_000);

  constructor(
    private readonly store: KeyStore,
    private readonly ttlMs: number,
  ) {}

  async principalFor(authorization: string | undefined): Promise<ApiKeyPrincipal> {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m?.[1]) throw new HttpError(401, 'unauthorized', 'missing API key: send "Authorization: Bearer <key>"', 'authorization');
    const key = m[1];
    const hash = createHash('sha256').update(key).digest('hex');
    let principal = this.cache.get(hash);
    if (principal === undefined) {
      principal = await this.store.authenticate(key);
      this.cache.set(hash, principal, principal ? this.ttlMs : Math.min(this.ttlMs, 5000));
    }
    if (!principal) throw new HttpError(401, 'unauthorized', 'unknown or revoked API key', 'authorization');
    return principal;
  }

  /** A fastify onRequest hook that requires one of `scopes`. */
  hook(scopes: readonly ApiKeyScope[]) {
    return async (req: FastifyRequest, _reply: FastifyReply) => {
      const principal = await this.principalFor(req.headers.authorization);
      if (!scopes.includes(principal.scope)) {
        throw new HttpError(403, 'forbidden', `this endpoint needs a key with scope ${scopes.join(' or ')}`, 'authorization');
      }
      req.principal = principal;
    };
  }
}
