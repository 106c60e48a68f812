import type { Redis } from 'ioredis';
import type { StageResult } from '@npc/contracts';
import { answer, byRules } from '../answer/answer';
import { StageNpcs } from '../transport/job-npc';
import { byAgentOrNothing, stageAgent, type StageAgentDeps } from './stage-agent';

export interface RulesStageDeps extends StageAgentDeps {
  redis: Redis;
  prefix: string;
  /** DECISION_SHARDS (default 1): where finalize writes the record and its log entry. */
  shards?: number | undefined;
  ttlSeconds: number;
  /** Names this process in stored records (`worker-rules:<host>:<pid>`). */
  answeredBy: string;
  /** Fault injection for tests and chaos runs only. */
  faultDelayMs?: number;
  /** Resolves the NPC a job refers to; default one over `redis`/`prefix`. */
  npcs?: StageNpcs;
}

/**
 * The rules stage: the agent (or plain rules) decides on the gateway's recognition, then the one
 * answer step (stamp → difficulty → item ids → finalize → remember). A stage that finds the
 * deadline passed still answers: the work is cheap and the stored decision serves GET, idempotent
 * retries and learning.
 */
export function createRulesStage(deps: RulesStageDeps) {
  const agent = stageAgent(deps);
  const ctx = { redis: deps.redis, prefix: deps.prefix, shards: deps.shards, ttlSeconds: deps.ttlSeconds, answeredBy: deps.answeredBy, ...(agent ? { memory: agent } : {}) };
  const npcs = deps.npcs ?? new StageNpcs(deps.redis, deps.prefix);
  return async function processRulesJob(data: unknown): Promise<StageResult> {
    const envelope = await npcs.envelopeOf(data);
    if (deps.faultDelayMs) await new Promise((r) => setTimeout(r, deps.faultDelayMs));
    const made = agent ? await byAgentOrNothing(agent, envelope, deps.log) : undefined;
    const { outcome } = await answer(ctx, envelope, made ?? byRules(envelope));
    return { decisionId: envelope.decisionId, outcome };
  };
}
