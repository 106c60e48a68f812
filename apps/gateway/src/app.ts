import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { redisKeys } from '@npc/contracts';
import type { GatewayDeps } from './deps';
import { HttpError, frameworkErrors, installErrorHandling } from './http-errors';
import { installIpLimits } from './ip-limits';
import { leasedStore } from './rate-limit/leased-store';
import { registerOpenApi } from './openapi';
import { serializerCompiler, validatorCompiler } from './schema-compilers';
import { adminRoutes } from './routes/admin';
import { adminQueueRoutes } from './routes/admin-queues';
import { costRoutes } from './routes/costs';
import { dashboardPages } from './routes/dashboard';
import { decisionRoutes } from './routes/decisions';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { intentionRoutes } from './routes/intentions';
import { metricsRoutes } from './routes/metrics';
import { npcRoutes } from './routes/npcs';
import { openApiRoutes } from './routes/openapi';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (method, url with `:params`), HEAD routes Fastify adds for GET included. */
    servedRoutes: readonly ServedRoute[];
  }
}
export interface ServedRoute {
  method: string;
  url: string;
}

/**
 * Builds the gateway's HTTP app: public health, metrics, OpenAPI document and dashboard page; the
 * queue admin (bull-board); and the keyed /v1 API. Every route is a plugin of `routes/` whose
 * routes declare their zod schemas (validated by `schema-compilers.ts`, documented by `openapi.ts`)
 * and, under /v1, their scope (`requireScope`).
 */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request log lines would cost more than the decision itself at 2,000/s; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors,
  });
  const served: ServedRoute[] = [];
  app.decorate('servedRoutes', served);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) served.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('receivedAt', 0);
  app.addHook('onRequest', async (req) => {
    req.receivedAt = Date.now();
  });
  deps.metrics.install(app);
  // While shutting down, every answer closes its connection: a keep-alive client reconnects (to
  // another gateway) instead of reusing a socket that the close would otherwise wait on.
  app.addHook('onSend', async (_req, reply) => {
    if (deps.shuttingDown()) reply.header('connection', 'close');
  });
  installErrorHandling(app);
  // Before authentication: a flood of requests or of bad keys from one address stops here.
  await installIpLimits(app, { perMin: deps.config.RATE_LIMIT_IP_PER_MIN, authFailuresPerMin: deps.config.AUTH_FAILURES_PER_IP_PER_MIN });
  // Before any route: the document is made of the routes registered after it.
  await registerOpenApi(app);

  const opts = { deps };
  await app.register(openApiRoutes, opts);
  await app.register(healthRoutes, opts);
  await app.register(metricsRoutes, opts);
  await app.register(dashboardPages, opts);
  await app.register(adminQueueRoutes, opts);

  await app.register(async (v1) => {
    v1.addHook('onRequest', deps.authenticator.hook());
    // The key's limit, counted in Redis so that every gateway shares it (one counter per key and
    // minute under the prefix's hashtag); checked right after authentication, before the body is
    // read. Each gateway leases slots of the counter and spends them in memory (rate-limit/
    // leased-store.ts): a hot key costs a Redis call per dozens of requests, never more than its
    // limit. Redis down: not counted (decisions are answered from in-process rules meanwhile).
    await v1.register(rateLimit, {
      hook: 'onRequest',
      timeWindow: 60_000,
      // (the store's one Lua script touches only its KEYS[1])
      store: leasedStore({ redis: deps.redis, nameSpace: redisKeys(deps.config.QUEUE_PREFIX).rateLimit('') }),
      skipOnError: true,
      keyGenerator: (req) => req.principal?.id ?? req.ip,
      max: async (req) => req.principal?.rateLimitPerMin ?? deps.config.RATE_LIMIT_PER_MIN,
      errorResponseBuilder: (_req, ctx) =>
        new HttpError(429, 'rate_limited', `rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`),
    });
    // Each route's own `onRequest: requireScope(…)` runs after these two.
    await v1.register(decisionRoutes, opts);
    await v1.register(npcRoutes, opts);
    await v1.register(intentionRoutes, opts);
    await v1.register(eventRoutes, opts);
    await v1.register(costRoutes, opts);
    await v1.register(adminRoutes, opts);
  });
  return app;
}
