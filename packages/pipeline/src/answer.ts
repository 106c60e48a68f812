import {
  decisionBodyFor,
  type DecisionBody,
  type DecisionEnvelope,
  type DecisionRecord,
  type DecisionSource,
} from '@npc/contracts';
import { decideByRules } from '@npc/rules';

/** Stamps a stage's decision body into the full record, validating it against the request. */
export function toRecord(
  envelope: DecisionEnvelope,
  body: DecisionBody,
  meta: { source: DecisionSource; costUsd?: number; answeredBy: string; now?: number },
): DecisionRecord {
  const checked = decisionBodyFor(envelope.request.allowedActions).parse(body);
  const decidedAt = meta.now ?? Date.now();
  return {
    decision: {
      decisionId: envelope.decisionId,
      ...checked,
      source: meta.source,
      costUsd: meta.costUsd ?? 0,
      latencyMs: Math.max(0, decidedAt - envelope.receivedAt),
    },
    request: envelope.request,
    npcId: envelope.npc.id,
    apiKeyId: envelope.apiKeyId,
    answeredBy: meta.answeredBy,
    receivedAt: envelope.receivedAt,
    decidedAt,
  };
}

/** The rules answer for an envelope: what the rules worker and the gateway's fallback both use. */
export function answerByRules(envelope: DecisionEnvelope, answeredBy: string): DecisionRecord {
  const { body } = decideByRules(envelope.npc, envelope.request, envelope.decisionId);
  return toRecord(envelope, body, { source: 'rules', answeredBy });
}
