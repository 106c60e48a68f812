import { createHash, randomBytes } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayDeps } from '../deps';
import { HttpError } from '../http-errors';
import { isUnavailable } from '../unavailable';
import { cookieValue, securityHeaders } from './dashboard';

export const ADMIN_QUEUES_PATH = '/admin/queues';
/** The cookie the dashboard gets from `POST /v1/admin/session` (HttpOnly, SameSite=Strict). */
export const ADMIN_COOKIE = 'npc_admin';
const SESSION_TTL_S = 3600;

/**
 * Browser sessions for /admin/queues: a random token in an HttpOnly, SameSite=Strict cookie; Redis
 * holds only its sha256 (so every gateway accepts it) for an hour. Created by an admin key.
 */
export function adminSessions(deps: Pick<GatewayDeps, 'redis' | 'config'>) {
  const keyOf = (token: string) => `${deps.config.QUEUE_PREFIX}:admin-session:${createHash('sha256').update(token).digest('hex')}`;
  return {
    async create(principalId: string): Promise<{ token: string; maxAgeS: number }> {
      const token = randomBytes(32).toString('base64url');
      await deps.redis.set(keyOf(token), principalId, 'EX', SESSION_TTL_S);
      return { token, maxAgeS: SESSION_TTL_S };
    },
    async valid(token: string): Promise<boolean> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
      return (await deps.redis.exists(keyOf(token))) === 1;
    },
    async delete(token: string): Promise<void> {
      await deps.redis.del(keyOf(token));
    },
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who may open /admin/queues: an admin key as `Authorization: Bearer <key>`, as the password of
 * Basic auth (any user name; for curl and scripts), or the dashboard's session cookie. Anything
 * else gets 401 with a Basic challenge (a browser then asks for the key), a game key 403.
 * Changes (retry, clean, pause…) must come from this origin: the cookie is SameSite=Strict, and an
 * Origin or Sec-Fetch-Site header naming another site is refused, so another site cannot drive it.
 */
async function authorize(deps: GatewayDeps, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  securityHeaders(reply, null);
  if (!SAFE_METHODS.has(req.method)) {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const host = req.headers.host;
    if ((site && site !== 'same-origin' && site !== 'none') || (origin && host && new URL(origin, 'http://x').host !== host)) {
      throw new HttpError(403, 'forbidden', 'queue changes must come from the queue admin page itself', 'origin');
    }
  }
  const auth = req.headers.authorization;
  let bearer: string | undefined;
  if (auth && /^Basic\s+/i.test(auth)) {
    const decoded = Buffer.from(auth.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    bearer = `Bearer ${password}`;
  } else if (auth) {
    bearer = auth;
  }
  if (bearer) {
    const principal = await deps.authenticator.principalFor(bearer);
    if (principal.scope !== 'admin') throw new HttpError(403, 'forbidden', 'the queue admin needs a key with scope admin', 'authorization');
    req.principal = principal;
    return;
  }
  const token = cookieValue(req.headers.cookie, ADMIN_COOKIE);
  if (token && (await adminSessions(deps).valid(token))) return;
  reply.header('www-authenticate', 'Basic realm="npc-brain admin", charset="UTF-8"');
  throw new HttpError(401, 'unauthorized', 'the queue admin needs an admin key: open it from /dashboard, or use Basic auth with the key as password', 'authorization');
}

/** bull-board for the decision queues at /admin/queues, admin only (see `authorize`). */
export async function adminQueueRoutes(app: FastifyInstance, deps: GatewayDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: Object.values(deps.queues).map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'npc-brain queues' } },
  });
  await app.register(async (scope) => {
    // Answered here, not thrown: errors inside bull-board's scope would go to its own error handler.
    scope.addHook('onRequest', async (req, reply) => {
      try {
        await authorize(deps, req, reply);
      } catch (err) {
        if (err instanceof HttpError) return reply.code(err.statusCode).send(err.toBody());
        if (isUnavailable(err)) return reply.code(503).send({ error: { code: 'not_ready', message: 'a dependency (Redis or PostgreSQL) is unavailable; retry shortly' } });
        throw err;
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: ADMIN_QUEUES_PATH });
  });
}
