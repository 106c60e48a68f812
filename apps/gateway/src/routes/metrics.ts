import { z } from 'zod';
import type { RoutePlugin } from '../deps';

/** Prometheus metrics (text exposition format), without a key, for the scraper. */
export const metricsRoutes: RoutePlugin = async (app, { deps }) => {
  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics',
      tags: ['health'],
      security: [],
      produces: ['text/plain'],
      response: { 200: z.string().describe('Prometheus text exposition format') },
    },
  }, async (_req, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
};
