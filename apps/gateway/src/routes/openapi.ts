import { z } from 'zod';
import type { RoutePlugin } from '../deps';

/** The OpenAPI 3.1 document of every route (generated from the routes: see `../openapi.ts`). */
export const openApiRoutes: RoutePlugin = async (app) => {
  app.get('/openapi.json', {
    schema: {
      summary: 'This document',
      tags: ['health'],
      security: [],
      response: { 200: z.record(z.string(), z.unknown()).describe('the OpenAPI 3.1 document') },
    },
  }, async () => app.swagger() as unknown as Record<string, unknown>);
};
