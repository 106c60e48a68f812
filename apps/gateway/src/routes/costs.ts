import { CostsQuery, CostsReport } from '@npc/contracts';
import type { RoutePlugin } from '../deps';
import { requireScope } from '../require-scope';

/** Spend by provider, model and NPC for a budget day, with the budget and what remains (admin). */
export const costRoutes: RoutePlugin = async (app, { deps }) => {
  app.get('/v1/costs', {
    onRequest: requireScope('admin'),
    schema: {
      summary: 'LLM spend by provider, model, NPC and outcome for a budget day; the budget and what remains',
      tags: ['admin'],
      querystring: CostsQuery,
      response: { 200: CostsReport },
    },
  }, async (req) => {
    const { day = deps.budget.day() } = req.query;
    const [budget, ledger] = await Promise.all([deps.budget.status(day), deps.repos.ledger.summary(day)]);
    return { day, budget, ledger };
  });
};
