import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, parseOr400 } from '../http-errors';
import type { GatewayDeps } from '../deps';

const CostsQuery = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').optional() });

export function costRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  /** Spend by provider, model and NPC for a budget day, with the budget and what remains (admin). */
  app.get('/v1/costs', async (req) => {
    if (req.principal?.scope !== 'admin') throw new HttpError(403, 'forbidden', 'costs need an admin key', 'authorization');
    const { day = deps.budget.day() } = parseOr400(CostsQuery, req.query);
    const [budget, ledger] = await Promise.all([deps.budget.status(day), deps.repos.ledger.summary(day)]);
    return { day, budget, ledger };
  });
}
