import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayDeps } from '../deps';
import { HttpError } from '../http-errors';
import { MODEL_VERSION } from '../metrics';
import { ADMIN_COOKIE, adminSessions } from './admin-queues';

const asset = (name: string) => readFileSync(new URL(`../dashboard/${name}`, import.meta.url));

/** The page's own files: no inline script or style, so the CSP can forbid both. */
const ASSETS: Record<string, { type: string; body: Buffer }> = {
  '/dashboard': { type: 'text/html; charset=utf-8', body: asset('index.html') },
  '/dashboard/app.js': { type: 'text/javascript; charset=utf-8', body: asset('app.js') },
  '/dashboard/style.css': { type: 'text/css; charset=utf-8', body: asset('style.css') },
};

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every admin page and admin answer: no framing, no sniffing, no referrer, no caching. */
export function securityHeaders(reply: FastifyReply, csp: string | null = DASHBOARD_CSP): FastifyReply {
  if (csp) reply.header('content-security-policy', csp);
  return reply
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-store');
}

/**
 * The live dashboard: `GET /dashboard` (+ its script and stylesheet) needs no key; the page asks for
 * an admin key, keeps it in sessionStorage and reads `GET /v1/admin/dashboard.json` with it.
 */
export function dashboardPages(app: FastifyInstance): void {
  for (const [path, file] of Object.entries(ASSETS)) {
    app.get(path, async (_req, reply) => securityHeaders(reply).type(file.type).send(file.body));
  }
  app.get('/dashboard/', async (_req, reply) => securityHeaders(reply).redirect('/dashboard', 301));
}

const requireAdmin = async (req: FastifyRequest) => {
  if (req.principal?.scope !== 'admin') throw new HttpError(403, 'forbidden', 'this endpoint needs a key with scope admin', 'authorization');
};

/**
 * Admin API under the keyed /v1 scope (authenticated and rate limited there), admin scope only:
 * the dashboard's data, and the cookie session that opens /admin/queues in a browser.
 */
export function adminRoutes(v1: FastifyInstance, deps: GatewayDeps): void {
  v1.get('/v1/admin/dashboard.json', { onRequest: requireAdmin }, async (_req, reply) => {
    // Queue depths, workers and the budget come from the sampler (at most one Redis round trip per 2 s).
    const sample = await deps.ops.latest(2000);
    const b = sample.budget;
    return securityHeaders(reply, null).send({
      at: Date.now(),
      instance: deps.config.INSTANCE_ID,
      // The newest promoted model some inference worker reports loaded (the watcher's view of their
      // heartbeats, refreshed every second), else 'none'; the workers themselves from the sample.
      modelVersion: String(deps.inferenceStatus.version ?? MODEL_VERSION),
      inference: sample.inference ?? null,
      llmRoute: deps.config.LLM_ROUTE,
      live: deps.metrics.live.snapshot(),
      budget: b ? { day: b.day, budgetUsd: b.budgetUsd, spentUsd: b.spentUsd, reservedUsd: b.reservedUsd, remainingUsd: b.remainingUsd, ratio: b.ratio } : null,
      sampledAt: sample.at,
      queues: sample.queues,
      llm: sample.llm,
      recent: deps.metrics.live.recent(20),
    });
  });

  v1.post('/v1/admin/session', { onRequest: requireAdmin }, async (req, reply) => {
    const { token, maxAgeS } = await adminSessions(deps).create(req.principal!.id);
    const secure = req.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie', `${ADMIN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`);
    return securityHeaders(reply, null).code(201).send({ expiresInS: maxAgeS, path: '/admin/queues/' });
  });

  v1.delete('/v1/admin/session', { onRequest: requireAdmin }, async (req, reply) => {
    const token = cookieValue(req.headers.cookie, ADMIN_COOKIE);
    if (token) await adminSessions(deps).delete(token);
    reply.header('set-cookie', `${ADMIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return securityHeaders(reply, null).code(204).send();
  });
}

/** One cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
