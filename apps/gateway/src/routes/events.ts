import type { FastifyInstance } from 'fastify';
import { NPC_WRITE_SCOPES, WorldEventInput } from '@npc/contracts';
import { makeWorldEvent } from '@npc/agent';
import { requireScope } from '../auth';
import { parseOr400 } from '../http-errors';
import type { GatewayDeps } from '../deps';

/**
 * World events (shared knowledge): `POST /v1/events` (an `npc:write` or admin key) records an event ("boss spawned
 * on prt_fild08", "red potion price up") in PostgreSQL and makes it known to every NPC through the
 * Redis list they read with their memory; `GET /v1/events` lists the unexpired ones.
 */
export function eventRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.post('/v1/events', async (req, reply) => {
    requireScope(req, NPC_WRITE_SCOPES, 'recording a world event');
    const input = parseOr400(WorldEventInput, req.body);
    const event = makeWorldEvent(input);
    await deps.repos.worldEvents.insert(event);
    await deps.agent.world.publish(event);
    return reply.code(201).send(event);
  });

  app.get('/v1/events', async () => ({ events: await deps.repos.worldEvents.active() }));
}
