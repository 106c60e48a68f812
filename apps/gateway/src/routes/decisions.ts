import { rateFromFeedback } from '@npc/agent';
import { Decision, DecisionAccepted, DecisionIdParams, DecisionRequest, ErrorBody, FeedbackAccepted, FeedbackInput, scopeGrants, type ApiKeyPrincipal, type DecisionRecord } from '@npc/contracts';
import { HttpError, notFound } from '../http-errors';
import type { RoutePlugin } from '../deps';
import { requireScope } from '../require-scope';

/** A game key sees its own decisions; an admin key sees all. */
function visibleTo(record: DecisionRecord, principal: ApiKeyPrincipal): boolean {
  return scopeGrants(principal.scope, 'admin') || record.apiKeyId === principal.id;
}

/** Decisions: ask for one, read it again, say how it went. */
export const decisionRoutes: RoutePlugin = async (app, { deps }) => {
  app.post('/v1/decisions', {
    onRequest: requireScope('game'),
    schema: {
      summary: 'Ask for a decision',
      description: 'Answered within `deadlineMs` (a fallback from the rules past it); with `wait: false`, 202 at once and poll GET.',
      tags: ['decisions'],
      body: DecisionRequest,
      response: { 200: Decision, 202: DecisionAccepted, 404: ErrorBody },
    },
  }, async (req, reply) => {
    const request = req.body;
    const npc = await deps.npcs.get(request.npc.id);
    if (!npc) throw notFound(`NPC ${request.npc.id}`, 'npc.id');
    const result = await deps.decisions.decide(request, npc, req.principal!, req.receivedAt);
    if (result.kind === 'accepted') return reply.code(202).send({ decisionId: result.decisionId, status: 'pending' });
    return reply.send(result.decision);
  });

  app.get('/v1/decisions/:decisionId', {
    onRequest: requireScope('game'),
    schema: {
      summary: 'A decision again (a game key: its own only)',
      tags: ['decisions'],
      params: DecisionIdParams,
      response: { 200: Decision, 202: DecisionAccepted, 404: ErrorBody },
    },
  }, async (req, reply) => {
    const { decisionId } = req.params;
    const found = await deps.decisions.find(decisionId);
    if (found === 'pending') return reply.code(202).send({ decisionId, status: 'pending' });
    if (!found || !visibleTo(found, req.principal!)) throw notFound(`decision ${decisionId}`, 'decisionId');
    return reply.send(found.decision);
  });

  app.post('/v1/decisions/:decisionId/feedback', {
    onRequest: requireScope('game'),
    schema: {
      summary: 'How a decision went: a rating, and for quests and fights a result that moves the player’s skill rating',
      tags: ['decisions'],
      params: DecisionIdParams,
      body: FeedbackInput,
      response: { 201: FeedbackAccepted, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (req, reply) => {
    const { decisionId } = req.params;
    const input = req.body;
    const found = await deps.decisions.find(decisionId);
    if (found === 'pending') throw new HttpError(409, 'bad_request', 'the decision is still pending; send feedback once it is answered', 'decisionId');
    if (!found || !visibleTo(found, req.principal!)) throw notFound(`decision ${decisionId}`, 'decisionId');
    const { id } = await deps.repos.feedback.insert({ decisionId, apiKeyId: req.principal!.id, rating: input.rating, outcome: input.outcome ?? null });
    if (input.rating === -1 && (found.decision.source === 'llm' || found.decision.source === 'cache')) {
      // A bad answer is not served again: evict it from the answer cache (the feedback is stored either way).
      await deps.answerCache.evict(decisionId)
        .catch((err: unknown) => req.log.warn({ err: String(err), decisionId }, 'could not evict a −1-rated answer from the cache'));
    }
    // Learning improves replies: +1 keeps the answer for its situation, −1 removes it. Never fails the feedback.
    if (input.rating !== 0 && deps.replyStore.enabled) {
      const owner = await deps.npcs.get(found.npcId).catch(() => null);
      if (owner) await deps.replyStore.onFeedback(found, owner, input.rating).catch((err: unknown) => req.log.warn({ err: String(err), decisionId }, 'could not update the reply store'));
    }
    if (input.result) {
      // A quest or combat result moves the player's skill rating; a failure there never fails the feedback.
      const npc = await deps.npcs.get(found.npcId).catch(() => null);
      await rateFromFeedback({ redis: deps.redis, prefix: deps.config.QUEUE_PREFIX, ratings: deps.repos.playerRatings, log: req.log }, found, input.result, npc ?? undefined)
        .catch((err: unknown) => req.log.error({ err: String(err), decisionId }, 'could not update the player skill rating'));
    }
    return reply.code(201).send({ feedbackId: id, decisionId });
  });
};
