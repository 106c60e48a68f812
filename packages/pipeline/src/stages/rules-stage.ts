import type { Redis } from 'ioredis';
import { AgentRuntime, DialogueStore, LeaseManager, MemoryStore, SkillCache, type AgentLogger } from '@npc/agent';
import type { StageResult } from '@npc/contracts';
import { answerByAgent, answerByRules, scalingOf } from '../answer/answer';
import { finalizeDecision } from '../answer/finalize';
import { StageNpcs } from '../transport/job-npc';

/** The agent's settings from the environment (`DIALOGUE_TTL_S`, `GRUDGE_HALF_LIFE_H`). */
export interface AgentOptions {
  dialogueTtlMs?: number;
  grudgeHalfLifeMs?: number;
}

/** Agent settings from a process's validated config. */
export const agentOptionsFrom = (config: { DIALOGUE_TTL_S: number; GRUDGE_HALF_LIFE_H: number }): AgentOptions => ({
  dialogueTtlMs: config.DIALOGUE_TTL_S * 1000, grudgeHalfLifeMs: config.GRUDGE_HALF_LIFE_H * 3_600_000,
});

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
  agentOptions?: AgentOptions;
  /** Resolves the NPC a job refers to; default one over `redis`/`prefix`. */
  npcs?: StageNpcs;
}

/** The default agent of a stage: memory, leases, dialogue state and skill ratings over the stage's own Redis connection and prefix. */
export function defaultAgent(redis: Redis, prefix: string, log?: AgentLogger, opts: AgentOptions = {}): AgentRuntime {
  const skills = new SkillCache(redis, prefix);
  return new AgentRuntime({
    memory: new MemoryStore(redis, prefix, opts.grudgeHalfLifeMs ? { grudgeHalfLifeMs: opts.grudgeHalfLifeMs } : {}),
    leases: new LeaseManager(redis, prefix),
    dialogue: new DialogueStore(redis, prefix, opts.dialogueTtlMs ? { ttlMs: opts.dialogueTtlMs } : {}),
    skills: { read: (playerId) => skills.read(playerId) },
    ...(log ? { log } : {}),
  });
}

/**
 * The rules stage: decide by rules, validate, and finalize (store + log + publish to the waiting
 * gateway). A stage that finds the deadline passed still answers: the work is cheap and the stored
 * decision serves GET, idempotent retries and learning.
 */
export function createRulesStage(deps: RulesStageDeps) {
  const agent = deps.agent === false ? undefined : deps.agent ?? defaultAgent(deps.redis, deps.prefix, deps.log, deps.agentOptions);
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
      const { won } = await finalizeDecision(deps.redis, answerByRules(envelope, deps.answeredBy), envelope.replyTo, { ...fin, scaling: scalingOf(envelope) });
      return { decisionId: envelope.decisionId, outcome: won ? 'answered' : 'already-answered' };
    }
    const { record, decided } = answered;
    const final = await finalizeDecision(deps.redis, record, envelope.replyTo, { ...fin, scaling: scalingOf(envelope, decided) });
    // After the reply went out: remember what was decided (whichever answer won). Never fails the job.
    await agent.remember(final.record, decided);
    return { decisionId: envelope.decisionId, outcome: final.won ? 'answered' : 'already-answered' };
  };
}
