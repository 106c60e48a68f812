import type { Redis } from 'ioredis';
import { DecisionEnvelope, type StageResult } from '@npc/contracts';
import { answerByRules } from './answer';
import { finalizeDecision } from './finalize';

export interface RulesStageDeps {
  redis: Redis;
  prefix: string;
  ttlSeconds: number;
  /** Names this process in stored records (`worker-rules:<host>:<pid>`). */
  answeredBy: string;
  /** Fault injection for tests and chaos runs only. */
  faultDelayMs?: number;
}

/**
 * The rules stage: decide by rules, validate, and finalize (store + log + publish to the waiting
 * gateway). A stage that finds the deadline passed still answers: the work is cheap and the stored
 * decision serves GET, idempotent retries and learning.
 */
export function createRulesStage(deps: RulesStageDeps) {
  return async function processRulesJob(data: unknown): Promise<StageResult> {
    const envelope = DecisionEnvelope.parse(data);
    if (deps.faultDelayMs) await new Promise((r) => setTimeout(r, deps.faultDelayMs));
    const record = answerByRules(envelope, deps.answeredBy);
    const { won } = await finalizeDecision(deps.redis, record, envelope.replyTo, { prefix: deps.prefix, ttlSeconds: deps.ttlSeconds });
    return { decisionId: envelope.decisionId, outcome: won ? 'answered' : 'already-answered' };
  };
}
