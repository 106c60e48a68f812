import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ApiKeyScope, scopeGrants, type ApiKeyPrincipal } from '@npc/contracts';
import { HttpError } from './http-errors';

const SCOPE = Symbol.for('npc-brain.requiredScope');

/** A route's `onRequest` guard, carrying the scope it requires (the OpenAPI document reads it). */
export type ScopeGuard = ((req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void) & {
  readonly [SCOPE]: ApiKeyScope;
};

/**
 * The one scope check of the gateway: the request's key (authenticated before, `req.principal`)
 * must have `scope` or a higher one (game < npc:write < admin), else 403 naming `authorization`.
 * Throws; `requireScope` is the same check as a route hook.
 */
export function checkScope(req: FastifyRequest, scope: ApiKeyScope): ApiKeyPrincipal {
  const principal = req.principal;
  if (!principal || !scopeGrants(principal.scope, scope)) {
    const granting = ApiKeyScope.options.filter((s) => scopeGrants(s, scope)).join(' or ');
    throw new HttpError(403, 'forbidden', `${req.method} ${req.routeOptions.url ?? req.url} needs a key with scope ${granting}`, 'authorization');
  }
  return principal;
}

/**
 * Declared on every keyed route as `onRequest: requireScope('…')`. An onRequest hook (it runs after
 * the scope's authentication hook) rather than a preHandler, so that a key without the scope is
 * refused before its body is read or validated: a game key learns nothing about an admin route's
 * schema, and pays no parsing. A callback hook: no promise per request on the decision path.
 */
export function requireScope(scope: ApiKeyScope): ScopeGuard {
  const guard = (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    try {
      checkScope(req, scope);
    } catch (err) {
      return done(err as Error);
    }
    done();
  };
  return Object.assign(guard, { [SCOPE]: scope });
}

/** The scope the guard among a route's onRequest hooks requires, if it has one. */
export function requiredScope(onRequest: unknown): ApiKeyScope | undefined {
  const hooks: unknown[] = Array.isArray(onRequest) ? onRequest : [onRequest];
  for (const h of hooks) {
    if (typeof h === 'function' && SCOPE in h) return (h as ScopeGuard)[SCOPE];
  }
  return undefined;
}
