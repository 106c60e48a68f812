import { ErrorBody, NpcIdParams, NpcIntentions, NpcMemoryParams, NpcMemoryReport } from '@npc/contracts';
import { notFound } from '../http-errors';
import type { RoutePlugin } from '../deps';
import { requireScope } from '../require-scope';

/**
 * What an NPC holds and remembers: `GET /v1/npcs/{id}/intentions` (its leases on exclusive
 * resources, from the intention registry) and `GET /v1/npcs/{id}/memories/{playerId}` (admin: the
 * hot memory set about a player, else the PostgreSQL copy).
 */
export const intentionRoutes: RoutePlugin = async (app, { deps }) => {
  app.get('/v1/npcs/:id/intentions', {
    onRequest: requireScope('game'),
    schema: { summary: 'The leases an NPC holds on exclusive resources', tags: ['agent'], params: NpcIdParams, response: { 200: NpcIntentions, 404: ErrorBody } },
  }, async (req) => {
    const { id } = req.params;
    if (!(await deps.npcs.get(id))) throw notFound(`NPC ${id}`, 'id');
    return { npcId: id, intentions: await deps.agent.leases.intentionsOf(id) };
  });

  app.get('/v1/npcs/:id/memories/:playerId', {
    onRequest: requireScope('admin'),
    schema: { summary: 'What an NPC remembers of a player', tags: ['agent'], params: NpcMemoryParams, response: { 200: NpcMemoryReport, 404: ErrorBody } },
  }, async (req) => {
    const { id, playerId } = req.params;
    if (!(await deps.npcs.get(id))) throw notFound(`NPC ${id}`, 'id');
    const hot = await deps.agent.memory.get(id, playerId);
    if (hot) return { source: 'redis' as const, state: hot };
    const cold = await deps.repos.memories.load(id, playerId);
    if (cold) return { source: 'postgres' as const, state: cold };
    throw notFound(`memory of ${id} about ${playerId}`, 'playerId');
  });
};
