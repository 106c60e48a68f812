import {
  decisionBodyFor,
  type DecisionBody,
  type DecisionEnvelope,
  type DecisionRecord,
  type DecisionSource,
} from '@npc/contracts';
import type { AgentDecision, AgentRuntime, DecideOptions } from '@npc/agent';
import { decideByRules, recognize, replyLanguage } from '@npc/rules';
import type { DifficultyContext } from './difficulty';

/** What finalize's difficulty scaling needs from a stage: the NPC, and the rating the agent read. */
export const scalingOf = (envelope: DecisionEnvelope, decided?: Pick<AgentDecision, 'prepared'>): DifficultyContext => ({
  npc: decided?.prepared.npc ?? envelope.npc, ...(decided?.prepared.skill ? { skill: decided.prepared.skill } : {}),
});

/** Stamps a stage's decision body into the full record, validating it against the request. */
export function toRecord(
  envelope: DecisionEnvelope,
  body: DecisionBody,
  meta: { source: DecisionSource; costUsd?: number; answeredBy: string; now?: number },
): DecisionRecord {
  const checked = decisionBodyFor(envelope.request.allowedActions).parse(body);
  const decidedAt = meta.now ?? Date.now();
  // Every decision names the language of its say (an LLM's or a cached answer too).
  const language = checked.language ?? replyLanguage(recognize(envelope.request.event.text), envelope.request, envelope.npc, envelope.defaultLanguage);
  return {
    decision: {
      decisionId: envelope.decisionId,
      ...checked,
      language,
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
  const { body } = decideByRules(envelope.npc, envelope.request, envelope.decisionId, envelope.defaultLanguage ? { defaultLanguage: envelope.defaultLanguage } : {});
  return toRecord(envelope, body, { source: 'rules', answeredBy });
}

/**
 * The agent's answer for an envelope: memory and world news recalled (one Redis round trip), the
 * NPC's behaviour tree ticked (or the rules with memory), validated and stamped. The caller
 * finalizes the record, then calls `agent.remember(final, decided)`.
 */
export async function answerByAgent(
  envelope: DecisionEnvelope,
  answeredBy: string,
  agent: AgentRuntime,
  opts: Omit<DecideOptions, 'seed'> & { costUsd?: () => number } = {},
): Promise<{ record: DecisionRecord; decided: AgentDecision }> {
  const prepared = await agent.prepare(envelope.npc, envelope.request, undefined, envelope.defaultLanguage ? { defaultLanguage: envelope.defaultLanguage } : {});
  const { costUsd, ...decideOpts } = opts;
  const decided = await agent.decide(prepared, { seed: envelope.decisionId, deadlineAt: envelope.deadlineAt, ...decideOpts });
  const source: DecisionSource = decided.decidedBy === 'llm' ? 'llm' : decided.decidedBy === 'model' ? 'model' : 'rules';
  const record = toRecord(envelope, decided.body, { source, answeredBy, ...(costUsd ? { costUsd: costUsd() } : {}) });
  return { record, decided };
}
