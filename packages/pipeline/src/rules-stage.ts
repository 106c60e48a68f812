import type { Redis } from 'ioredis';
import { AgentRuntime, LeaseManager, MemoryStore, type AgentLogger } from '@npc/agent';
import type { StageResult } from '@npc/contracts';
import { answerByAgent, answerByRules } from './answer';
import { finalizeDecision } from './finalize';
import { StageNpcs } from './job-npc';

export interface RulesStageDeps {
  redis: Redis;
  prefix: string;
  ttlSeconds: number;
  /** Names this process in stored records (`worker-rules:<host>:<pid>`). */
  answeredBy: string;
  /** Fault injection for tests and chaos runs only. */
  faultDelayMs?: number;
  /**
   * The agent (memory, behaviour trees, coordination). Default: one over `redis`/`prefix` (memory
   * hot set + world news, intention registry); `false`: plain rules, no memory.
   */
  agent?: AgentRuntime | false;
  /** Warnings from the agent (memory unavailable, invalid tree). */
  log?: AgentLogger;
  /** Resolves the NPC a job refers to; default one over `redis`/`prefix`. */
  npcs?: StageNpcs;
}

/** The default agent of a stage: memory and leases over the stage's own Redis connection and prefix. */
export function defaultAgent(redis: Redis, prefix: string, log?: AgentLogger): AgentRuntime {
  return new AgentRuntime({ memory: new MemoryStore(redis, prefix), leases: new LeaseManager(redis, prefix), ...(log ? { log } : {}) });
}

/**
 * The rules stage: decide by rules, validate, and finalize (store + log + publish to the waiting
 * gateway). A stage that finds the deadline passed still answers: the work is cheap and the stored
 * decision serves GET, idempotent retries and learning.
 */
export function createRulesStage(deps: RulesStageDeps) {
  const agent = deps.agent === false ? undefined : deps.agent ?? defaultAgent(deps.redis, deps.prefix, deps.log);
  const npcs = deps.npcs ?? new StageNpcs(deps.redis, deps.prefix);
  return async function processRulesJob(data: unknown): Promise<StageResult> {
    const envelope = await npcs.envelopeOf(data);
    if (deps.faultDelayMs) await new Promise((r) => setTimeout(r, deps.faultDelayMs));
    const fin = { prefix: deps.prefix, ttlSeconds: deps.ttlSeconds };
    const answered = agent ? await answerByAgent(envelope, deps.answeredBy, agent).catch((err: unknown) => {
      deps.log?.warn({ err: String(err), decisionId: envelope.decisionId }, 'agent failed: answering by plain rules');
      return undefined;
    }) : undefined;
    if (!agent || !answered) {
      const { won } = await finalizeDecision(deps.redis, answerByRules(envelope, deps.answeredBy), envelope.replyTo, fin);
      return { decisionId: envelope.decisionId, outcome: won ? 'answered' : 'already-answered' };
    }
    const { record, decided } = answered;
    const final = await finalizeDecision(deps.redis, record, envelope.replyTo, fin);
    // After the reply went out: remember what was decided (whichever answer won). Never fails the job.
    await agent.remember(final.record, decided);
    return { decisionId: envelope.decisionId, outcome: final.won ? 'answered' : 'already-answered' };
  };
}
