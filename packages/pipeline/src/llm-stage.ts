import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DecisionEnvelope, type StageResult } from '@npc/contracts';
import type { BudgetGate, LlmCallRecord, LlmDecideHooks, LlmDecideInput, LlmOutcome } from '@npc/llm';
import { recognize } from '@npc/rules';
import { answerByRules, toRecord } from './answer';
import type { DecisionCache } from './decision-cache';
import { finalizeDecision, readDecision } from './finalize';

export interface LlmDecider {
  decide(input: LlmDecideInput, hooks: LlmDecideHooks): Promise<LlmOutcome>;
}

export interface LlmStageDeps {
  redis: Redis;
  prefix: string;
  ttlSeconds: number;
  answeredBy: string;
  llm: LlmDecider;
  budget?: BudgetGate;
  cache?: DecisionCache;
  /** Every provider request (or refusal), for the cost ledger. */
  onCall: (call: LlmCallRecord) => void;
  log: Logger;
  /** Do not start an LLM call with less time left than this (ms). */
  minTimeMs?: number;
}

export interface LlmStageResult extends StageResult {
  source: 'llm' | 'rules' | 'none';
  reason?: string;
}

/**
 * The LLM stage. It never starts paid work for a decision that is already answered or whose
 * deadline has passed; when the providers or the budget say no, the rules answer instead (never an
 * error). A late LLM answer (the gateway fell back meanwhile) is still cached for later requests.
 */
export function createLlmStage(deps: LlmStageDeps) {
  const minTime = deps.minTimeMs ?? 50;
  const rules = async (envelope: DecisionEnvelope, reason: string): Promise<LlmStageResult> => {
    const { won } = await finalizeDecision(deps.redis, answerByRules(envelope, deps.answeredBy), envelope.replyTo, { prefix: deps.prefix, ttlSeconds: deps.ttlSeconds });
    return { decisionId: envelope.decisionId, outcome: won ? 'answered' : 'already-answered', source: 'rules', reason };
  };

  return async function processLlmJob(data: unknown): Promise<LlmStageResult> {
    const envelope = DecisionEnvelope.parse(data);
    if (await readDecision(deps.redis, deps.prefix, envelope.decisionId)) {
      return { decisionId: envelope.decisionId, outcome: 'already-answered', source: 'none', reason: 'answered before the job ran' };
    }
    if (Date.now() > envelope.deadlineAt - minTime) return rules(envelope, 'deadline');

    const outcome = await deps.llm.decide(
      { npc: envelope.npc, request: envelope.request, deadlineAt: envelope.deadlineAt, decisionId: envelope.decisionId },
      { ...(deps.budget ? { budget: deps.budget } : {}), onCall: deps.onCall },
    );
    if (!outcome.ok) return rules(envelope, outcome.reason);

    const record = toRecord(envelope, outcome.body, { source: 'llm', costUsd: outcome.costUsd, answeredBy: deps.answeredBy });
    // Cache first, so the very next identical request (the reply may trigger it) is a hit.
    if (deps.cache) {
      const recognition = recognize(envelope.request.event.text, { eventType: envelope.request.event.type });
      await deps.cache.put(envelope.npc, envelope.request, recognition, outcome.body).catch((err: unknown) =>
        deps.log.warn({ err: String(err) }, 'could not cache an LLM answer'),
      );
    }
    const { won } = await finalizeDecision(deps.redis, record, envelope.replyTo, { prefix: deps.prefix, ttlSeconds: deps.ttlSeconds });
    if (!won) deps.log.info({ decisionId: envelope.decisionId, costUsd: outcome.costUsd }, 'late LLM answer: cached for later requests');
    return { decisionId: envelope.decisionId, outcome: won ? 'answered' : 'already-answered', source: 'llm' };
  };
}
