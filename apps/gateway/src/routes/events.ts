import { makeWorldEvent } from '@npc/agent';
import { WorldEvent, WorldEventInput, WorldEventList } from '@npc/contracts';
import type { RoutePlugin } from '../deps';
import { requireScope } from '../require-scope';

/**
 * World events (shared knowledge): `POST /v1/events` (an `npc:write` or admin key) records an event ("boss spawned
 * on prt_fild08", "red potion price up") in PostgreSQL and makes it known to every NPC through the
 * Redis list they read with their memory; `GET /v1/events` lists the unexpired ones.
 */
export const eventRoutes: RoutePlugin = async (app, { deps }) => {
  app.post('/v1/events', {
    onRequest: requireScope('npc:write'),
    schema: { summary: 'Record a world event that NPCs know of', tags: ['agent'], body: WorldEventInput, response: { 201: WorldEvent } },
  }, async (req, reply) => {
    const event = makeWorldEvent(req.body);
    await deps.repos.worldEvents.insert(event);
    await deps.agent.world.publish(event);
    return reply.code(201).send(event);
  });

  app.get('/v1/events', {
    onRequest: requireScope('game'),
    schema: { summary: 'The world events not expired yet', tags: ['agent'], response: { 200: WorldEventList } },
  }, async () => ({ events: await deps.repos.worldEvents.active() }));
};
