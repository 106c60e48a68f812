import type { FastifyInstance } from 'fastify';
import type { HealthReport } from '@npc/contracts';
import type { GatewayDeps } from '../deps';

async function timed(check: () => Promise<unknown>, timeoutMs: number) {
  const t0 = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, ms: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - t0), error: err instanceof Error ? err.message : String(err) };
  }
}

export function healthRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.get('/health/live', async () => ({ status: 'ok', checks: {} }) satisfies HealthReport);

  app.get('/health/ready', async (_req, reply) => {
    const [redis, postgres, queues] = await Promise.all([
      timed(() => deps.redis.ping(), 1000),
      timed(() => deps.database.ping(), 1000),
      timed(async () => {
        if (await deps.rulesQueue.isPaused()) throw new Error('the rules queue is paused');
      }, 1000),
    ]);
    const checks = { redis, postgres, queues };
    const ok = redis.ok && postgres.ok && queues.ok && !deps.shuttingDown();
    const body: HealthReport = { status: ok ? 'ok' : 'unavailable', checks };
    return reply.code(ok ? 200 : 503).send(body);
  });

  app.get('/metrics', async (_req, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
