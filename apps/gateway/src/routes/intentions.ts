import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ExternalId, type NpcIntentions } from '@npc/contracts';
import { HttpError, notFound, parseOr400 } from '../http-errors';
import type { GatewayDeps } from '../deps';

const NpcParams = z.object({ id: ExternalId });
const MemoryParams = z.object({ id: ExternalId, playerId: ExternalId });

/**
 * What an NPC holds and remembers: `GET /v1/npcs/{id}/intentions` (its leases on exclusive
 * resources, from the intention registry) and `GET /v1/npcs/{id}/memories/{playerId}` (admin: the
 * hot memory set about a player, else the PostgreSQL copy).
 */
export function intentionRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.get('/v1/npcs/:id/intentions', async (req) => {
    const { id } = parseOr400(NpcParams, req.params);
    if (!(await deps.npcs.get(id))) throw notFound(`NPC ${id}`, 'id');
    const body: NpcIntentions = { npcId: id, intentions: await deps.agent.leases.intentionsOf(id) };
    return body;
  });

  app.get('/v1/npcs/:id/memories/:playerId', async (req) => {
    if (req.principal?.scope !== 'admin') throw new HttpError(403, 'forbidden', 'memories need an admin key', 'authorization');
    const { id, playerId } = parseOr400(MemoryParams, req.params);
    if (!(await deps.npcs.get(id))) throw notFound(`NPC ${id}`, 'id');
    const hot = await deps.agent.memory.get(id, playerId);
    if (hot) return { source: 'redis', state: hot };
    const cold = await deps.repos.memories.load(id, playerId);
    if (cold) return { source: 'postgres', state: cold };
    throw notFound(`memory of ${id} about ${playerId}`, 'playerId');
  });
}
