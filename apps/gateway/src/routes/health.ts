import { HealthReport } from '@npc/contracts';
import type { RoutePlugin } from '../deps';

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

/** Liveness and readiness, without a key (for systemd, load balancers and the deploy gate). */
export const healthRoutes: RoutePlugin = async (app, { deps }) => {
  app.get('/health/live', {
    schema: { summary: 'The process is up', tags: ['health'], security: [], response: { 200: HealthReport } },
  }, async () => ({ status: 'ok' as const, checks: {} }));

  app.get('/health/ready', {
    schema: {
      summary: 'Redis and PostgreSQL reachable, the rules queue accepting work, not shutting down',
      tags: ['health'],
      security: [],
      response: { 200: HealthReport, 503: HealthReport },
    },
  }, async (_req, reply) => {
    const [redis, postgres, queues] = await Promise.all([
      timed(() => deps.redis.ping(), 1000),
      timed(() => deps.database.ping(), 1000),
      timed(async () => {
        for (const q of [deps.queues.rules ?? deps.rulesQueue].flat()) if (await q.isPaused()) throw new Error('the rules queue is paused');
      }, 1000),
    ]);
    const checks = { redis, postgres, queues };
    const ok = redis.ok && postgres.ok && queues.ok && !deps.shuttingDown();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });
};
