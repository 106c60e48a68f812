import type { Redis } from 'ioredis';
import { AgentRuntime, DialogueStore, LeaseManager, MemoryStore, SkillCache, type AgentLogger } from '@npc/agent';
import type { DecisionEnvelope } from '@npc/contracts';
import { byAgent, type ByAgentOptions, type MadeAnswer } from '../answer/answer';

/** The agent's settings from the environment (`DIALOGUE_TTL_S`, `GRUDGE_HALF_LIFE_H`). */
export interface AgentOptions {
  dialogueTtlMs?: number;
  grudgeHalfLifeMs?: number;
}

/** Agent settings from a process's validated config. */
export const agentOptionsFrom = (config: { DIALOGUE_TTL_S: number; GRUDGE_HALF_LIFE_H: number }): AgentOptions => ({
  dialogueTtlMs: config.DIALOGUE_TTL_S * 1000, grudgeHalfLifeMs: config.GRUDGE_HALF_LIFE_H * 3_600_000,
});

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

/** What every stage's deps say about its agent: the agent itself, or `false` for none, and its settings. */
export interface StageAgentDeps {
  redis: Redis;
  prefix: string;
  /** The agent (memory, behaviour trees, coordination); default one over `redis`/`prefix`; `false`: plain rules, no memory. */
  agent?: AgentRuntime | false;
  /** Warnings from the agent (memory unavailable, invalid tree). */
  log?: AgentLogger;
  agentOptions?: AgentOptions;
}

/** A stage's agent: the one given, the default one, or none (`agent: false`). */
export function stageAgent(deps: StageAgentDeps): AgentRuntime | undefined {
  return deps.agent === false ? undefined : deps.agent ?? defaultAgent(deps.redis, deps.prefix, deps.log, deps.agentOptions);
}

/** The agent's answer, or undefined when the agent fails (logged): the caller answers by plain rules. */
export function byAgentOrNothing(agent: AgentRuntime, envelope: DecisionEnvelope, log: AgentLogger | undefined, opts: ByAgentOptions = {}): Promise<MadeAnswer | undefined> {
  return byAgent(agent, envelope, opts).catch((err: unknown) => {
    log?.warn({ err: String(err), decisionId: envelope.decisionId }, 'agent failed: answering by plain rules');
    return undefined;
  });
}
