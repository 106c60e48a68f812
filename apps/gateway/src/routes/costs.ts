import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, parseOr400 } from '../http-errors';
import type { GatewayDeps } from '../deps';

/** A real calendar day (2026-02-30 and 9999-99-99 match the pattern but are no day). */
const isDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};
const CostsQuery = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').refine(isDay, 'a day as YYYY-MM-DD').optional() });

export function costRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  /** Spend by provider, model and NPC for a budget day, with the budget and what remains (admin). */
  app.get('/v1/costs', async (req) => {
    if (req.principal?.scope !== 'admin') throw new HttpError(403, 'forbidden', 'costs need an admin key', 'authorization');
    const { day = deps.budget.day() } = parseOr400(CostsQuery, req.query);
    const [budget, ledger] = await Promise.all([deps.budget.status(day), deps.repos.ledger.summary(day)]);
    return { day, budget, ledger };
  });
}
