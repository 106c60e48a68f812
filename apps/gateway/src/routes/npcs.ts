import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validateBehaviorTree } from '@npc/agent';
import { ExternalId, NPC_WRITE_SCOPES, NpcInput } from '@npc/contracts';
import { requireScope } from '../auth';
import { HttpError, notFound, parseOr400 } from '../http-errors';
import type { GatewayDeps } from '../deps';

const NpcParams = z.object({ id: ExternalId });

export function npcRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  app.put('/v1/npcs/:id', async (req, reply) => {
    // What an NPC grants (warps, prices, jobs, quests) and says is not for the key on the game host.
    requireScope(req, NPC_WRITE_SCOPES, 'registering an NPC');
    const { id } = parseOr400(NpcParams, req.params);
    const input = parseOr400(NpcInput, req.body);
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

  app.get('/v1/npcs/:id', async (req, reply) => {
    const { id } = parseOr400(NpcParams, req.params);
    const npc = await deps.repos.npcs.get(id);
    if (!npc) throw notFound(`NPC ${id}`, 'id');
    return reply.send(npc);
  });
}
