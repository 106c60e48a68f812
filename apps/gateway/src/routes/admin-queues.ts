import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_COOKIE, cookieValue } from '../admin-sessions';
import type { GatewayDeps, RoutePlugin } from '../deps';
import { HttpError } from '../http-errors';
import { checkScope } from '../require-scope';
import { securityHeaders } from '../security-headers';
import { isUnavailable } from '../unavailable';

export const ADMIN_QUEUES_PATH = '/admin/queues';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking for /admin/queues: an admin key as `Authorization: Bearer <key>`, as the password
 * of Basic auth (any user name; for curl and scripts), or the dashboard's session cookie. None of
 * them gets 401 with a Basic challenge (a browser then asks for the key). Changes (retry, clean,
 * pause…) must come from this origin: the cookie is SameSite=Strict, and an Origin or
 * Sec-Fetch-Site header naming another site is refused, so another site cannot drive it.
 */
async function identify(deps: GatewayDeps, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!SAFE_METHODS.has(req.method)) {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const host = req.headers.host;
    if ((site && site !== 'same-origin' && site !== 'none') || (origin && host && new URL(origin, 'http://x').host !== host)) {
      throw new HttpError(403, 'forbidden', 'queue changes must come from the queue admin page itself', 'origin');
    }
  }
  const auth = req.headers.authorization;
  if (auth) {
    const basic = /^Basic\s+/i.test(auth) ? Buffer.from(auth.replace(/^Basic\s+/i, ''), 'base64').toString('utf8') : undefined;
    req.principal = await deps.authenticator.principalFor(basic === undefined ? auth : `Bearer ${basic.slice(basic.indexOf(':') + 1)}`);
    return;
  }
  const token = cookieValue(req.headers.cookie, ADMIN_COOKIE);
  req.principal = token ? await deps.adminSessions.principal(token) : null;
  if (req.principal) return;
  reply.header('www-authenticate', 'Basic realm="npc-brain admin", charset="UTF-8"');
  throw new HttpError(401, 'unauthorized', 'the queue admin needs an admin key: open it from /dashboard, or use Basic auth with the key as password', 'authorization');
}

/** bull-board for the decision queues at /admin/queues, admin only (see `identify`, then the scope guard). */
export const adminQueueRoutes: RoutePlugin = async (app, { deps }) => {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    // A queue kept as several (RULES_QUEUE_SHARDS) shows once per shard (`shard-3:rules`).
    queues: Object.values(deps.queues).flatMap((q) => (Array.isArray(q) && q.length > 1
      ? q.map((shard, i) => new BullMQAdapter(shard, { prefix: `shard-${i}:`, displayName: `${shard.name} (shard ${i})` }))
      : [q].flat().map((one) => new BullMQAdapter(one)))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'npc-brain queues' } },
  });
  // Answered here, not thrown: errors inside bull-board's scope would go to its own error handler.
  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(reply, null);
    try {
      await identify(deps, req, reply);
      checkScope(req, 'admin');
    } catch (err) {
      if (err instanceof HttpError) return reply.code(err.statusCode).send(err.toBody());
      if (isUnavailable(err)) return reply.code(503).send({ error: { code: 'not_ready', message: 'a dependency (Redis or PostgreSQL) is unavailable; retry shortly' } });
      throw err;
    }
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: ADMIN_QUEUES_PATH });
};
