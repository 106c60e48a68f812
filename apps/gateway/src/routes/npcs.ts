import { validateBehaviorTree } from '@npc/agent';
import { ErrorBody, Npc, NpcIdParams, NpcInput } from '@npc/contracts';
import { HttpError, notFound } from '../http-errors';
import type { RoutePlugin } from '../deps';
import { requireScope } from '../require-scope';

/** The NPC registry: register or update an NPC, read it back. */
export const npcRoutes: RoutePlugin = async (app, { deps }) => {
  app.put('/v1/npcs/:id', {
    // What an NPC grants (warps, prices, jobs, quests) and says is not for the key on the game host.
    onRequest: requireScope('npc:write'),
    schema: {
      summary: 'Register (201) or update (200) an NPC',
      description: 'A behaviour tree that would not run is refused (400, `error.field` names the bad node).',
      tags: ['npcs'],
      params: NpcIdParams,
      body: NpcInput,
      response: { 200: Npc, 201: Npc },
    },
  }, async (req, reply) => {
    const { id } = req.params;
    const input = req.body;
    if (input.behaviorTree !== undefined && input.behaviorTree !== null) {
      // A tree that would not run is refused at registration, naming the bad node.
      const tree = validateBehaviorTree(input.behaviorTree);
      if (!tree.ok) {
        const field = tree.path ? `behaviorTree.${tree.path}` : 'behaviorTree';
        throw new HttpError(400, 'bad_request', `${field}: ${tree.message}`, field);
      }
    }
    const { npc, created } = await deps.repos.npcs.upsert(id, input);
    await deps.npcs.invalidate(id, npc);
    return reply.code(created ? 201 : 200).send(npc);
  });

  app.get('/v1/npcs/:id', {
    onRequest: requireScope('game'),
    schema: { summary: 'A registered NPC', tags: ['npcs'], params: NpcIdParams, response: { 200: Npc, 404: ErrorBody } },
  }, async (req, reply) => {
    const { id } = req.params;
    const npc = await deps.repos.npcs.get(id);
    if (!npc) throw notFound(`NPC ${id}`, 'id');
    return reply.send(npc);
  });
};
