import { z } from 'zod';
import { AdminSessionOpened, DashboardData } from '@npc/contracts';
import { ADMIN_COOKIE, cookieValue, sessionCookie } from '../admin-sessions';
import type { RoutePlugin } from '../deps';
import { MODEL_VERSION } from '../metrics/decision-metrics';
import { requireScope } from '../require-scope';
import { securityHeaders } from '../security-headers';
import { ADMIN_QUEUES_PATH } from './admin-queues';

/**
 * Admin API under the keyed /v1 scope (authenticated and rate limited there), admin scope only:
 * the dashboard's data, and the cookie session that opens /admin/queues in a browser.
 */
export const adminRoutes: RoutePlugin = async (app, { deps }) => {
  app.get('/v1/admin/dashboard.json', {
    onRequest: requireScope('admin'),
    schema: { summary: "The dashboard page's live data", tags: ['admin'], response: { 200: DashboardData } },
  }, async (_req, reply) => {
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

  app.post('/v1/admin/session', {
    onRequest: requireScope('admin'),
    schema: { summary: 'Open a cookie session for the queue admin page (/admin/queues)', tags: ['admin'], response: { 201: AdminSessionOpened } },
  }, async (req, reply) => {
    const { token, maxAgeS } = await deps.adminSessions.create(req.principal!);
    reply.header('set-cookie', sessionCookie(token, maxAgeS, req.protocol === 'https'));
    return securityHeaders(reply, null).code(201).send({ expiresInS: maxAgeS, path: `${ADMIN_QUEUES_PATH}/` });
  });

  app.delete('/v1/admin/session', {
    onRequest: requireScope('admin'),
    schema: { summary: 'Close the queue admin cookie session', tags: ['admin'], response: { 204: z.null() } },
  }, async (req, reply) => {
    const token = cookieValue(req.headers.cookie, ADMIN_COOKIE);
    if (token) await deps.adminSessions.delete(token);
    reply.header('set-cookie', sessionCookie(null, 0, req.protocol === 'https'));
    return securityHeaders(reply, null).code(204).send();
  });
};
