import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { buildOpenApi } from '@npc/contracts';
import type { GatewayDeps } from './deps';
import { HttpError, installErrorHandling } from './http-errors';
import { costRoutes } from './routes/costs';
import { decisionRoutes } from './routes/decisions';
import { healthRoutes } from './routes/health';
import { npcRoutes } from './routes/npcs';

/** Builds the gateway's HTTP app: public health/metrics/openapi, and the keyed /v1 API. */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request log lines would cost more than the decision itself at 2,000/s; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('receivedAt', 0);
  app.addHook('onRequest', async (req) => {
    req.receivedAt = Date.now();
  });
  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.httpDuration.observe(
      { route: req.routeOptions.url ?? 'unknown', method: req.method, status: reply.statusCode },
      (Date.now() - req.receivedAt) / 1000,
    );
  });
  installErrorHandling(app);

  const openapi = buildOpenApi();
  app.get('/openapi.json', async () => openapi);
  healthRoutes(app, deps);

  await app.register(async (v1) => {
    v1.addHook('onRequest', deps.authenticator.hook(['game', 'admin']));
    await v1.register(rateLimit, {
      hook: 'preHandler',
      timeWindow: 60_000,
      cache: 50_000,
      keyGenerator: (req) => req.principal?.id ?? req.ip,
      max: async (req) => req.principal?.rateLimitPerMin ?? deps.config.RATE_LIMIT_PER_MIN,
      errorResponseBuilder: (_req, ctx) =>
        new HttpError(429, 'rate_limited', `rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`),
    });
    decisionRoutes(v1, deps);
    npcRoutes(v1, deps);
    costRoutes(v1, deps);
  });
  return app;
}
