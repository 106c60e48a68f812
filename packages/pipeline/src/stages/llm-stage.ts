import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { memoryLines, type AgentDecision, type AgentRuntime, type PreparedDecision } from '@npc/agent';
import type { DecisionBody, DecisionEnvelope, StageResult } from '@npc/contracts';
import type { BudgetGate, LlmCallRecord, LlmDecideHooks, LlmDecideInput, LlmOutcome } from '@npc/llm';
import { recognize } from '@npc/rules';
import { answerByRules, scalingOf, toRecord } from '../answer/answer';
import type { DecisionCache } from '../cache/decision-cache';
import type { ReplyStore } from '../cache/reply-store';
import { finalizeDecision, readDecision } from '../answer/finalize';
import { StageNpcs } from '../transport/job-npc';
import { defaultAgent, type AgentOptions } from './rules-stage';

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
  /** Daily LLM quotas per API key and player: over one, the decision is answered without the LLM. */
  quota?: { take(apiKeyId: string, playerId: string): Promise<string | null> };
  /** Every provider request (or refusal), for the cost ledger. */
  onCall: (call: LlmCallRecord) => void;
  log: Logger;
  /** Do not start an LLM call with less time left than this (ms). */
  minTimeMs?: number;
  /**
   * The agent: memory lines in the prompt, the NPC's behaviour tree (with the LLM as one of its
   * leaves), memories written after finalize. Default: one over `redis`/`prefix`; `false`: none.
   */
  agent?: AgentRuntime | false;
  agentOptions?: AgentOptions;
  /** Well-rated answers for the same situation, served before a provider is paid (`source: cache`). */
  replies?: ReplyStore;
  /** Resolves the NPC a job refers to; default one over `redis`/`prefix`. */
  npcs?: StageNpcs;
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
  const agent = deps.agent === false ? undefined : deps.agent ?? defaultAgent(deps.redis, deps.prefix, deps.log, deps.agentOptions);
  const fin = { prefix: deps.prefix, ttlSeconds: deps.ttlSeconds };
  const npcs = deps.npcs ?? new StageNpcs(deps.redis, deps.prefix);
  const remember = async (final: Awaited<ReturnType<typeof finalizeDecision>>, decided: Pick<AgentDecision, 'prepared' | 'behavior'> | undefined) => {
    if (agent && decided) await agent.remember(final.record, decided);
  };
  const rules = async (envelope: DecisionEnvelope, reason: string, prepared?: PreparedDecision): Promise<LlmStageResult> => {
    if (agent && prepared) {
      const decided = await agent.decide(prepared, { seed: envelope.decisionId, deadlineAt: envelope.deadlineAt });
      const final = await finalizeDecision(deps.redis, toRecord(envelope, decided.body, { source: 'rules', answeredBy: deps.answeredBy }), envelope.replyTo, { ...fin, scaling: scalingOf(envelope, decided) });
      await remember(final, decided);
      return { decisionId: envelope.decisionId, outcome: final.won ? 'answered' : 'already-answered', source: 'rules', reason };
    }
    const { won } = await finalizeDecision(deps.redis, answerByRules(envelope, deps.answeredBy), envelope.replyTo, { ...fin, scaling: scalingOf(envelope) });
    return { decisionId: envelope.decisionId, outcome: won ? 'answered' : 'already-answered', source: 'rules', reason };
  };

  return async function processLlmJob(data: unknown): Promise<LlmStageResult> {
    const envelope = await npcs.envelopeOf(data);
    // Already answered? And memory + world news (for the prompt, and for the rules if the LLM
    // cannot answer): both reads at once, one round trip.
    const [existing, prepared] = await Promise.all([
      readDecision(deps.redis, deps.prefix, envelope.decisionId),
      agent ? agent.prepare(envelope.npc, envelope.request, undefined, envelope.defaultLanguage ? { defaultLanguage: envelope.defaultLanguage } : {}) : Promise.resolve(undefined),
    ]);
    if (existing) {
      return { decisionId: envelope.decisionId, outcome: 'already-answered', source: 'none', reason: 'answered before the job ran' };
    }
    if (Date.now() > envelope.deadlineAt - minTime) return rules(envelope, 'deadline', prepared);

    const memory = prepared ? memoryLines(prepared.recall) : undefined;
    const hooks = { ...(deps.budget ? { budget: deps.budget } : {}), onCall: deps.onCall };
    // The caller's and the player's daily quotas, counted once per decision (a tree may ask twice);
    // over one, or unknown (Redis trouble), no paid call: the rules answer.
    let quota: Promise<string | null> | undefined;
    const overQuota = () => (quota ??= deps.quota
      ? deps.quota.take(envelope.apiKeyId, envelope.request.player.id).catch(() => 'unavailable')
      : Promise.resolve(null));
    const ask = async (): Promise<LlmOutcome> => {
      const over = await overQuota();
      if (over) return { ok: false, reason: 'quota', calls: [], attempts: 0, costUsd: 0 };
      return deps.llm.decide(
        { npc: prepared?.npc ?? envelope.npc, request: envelope.request, deadlineAt: envelope.deadlineAt, decisionId: envelope.decisionId, ...(memory ? { memory } : {}) },
        hooks,
      );
    };

    // An NPC with a behaviour tree: the tree decides, the LLM is one of its leaves.
    if (agent && prepared && agent.treeOf(envelope.npc)) {
      let cost = 0;
      let failure = '';
      const llmLeaf = async (): Promise<DecisionBody | null> => {
        if (Date.now() > envelope.deadlineAt - minTime) return null;
        const outcome = await ask();
        cost += outcome.costUsd;
        if (!outcome.ok) failure = outcome.reason;
        return outcome.ok ? outcome.body : null;
      };
      const decided = await agent.decide(prepared, { seed: envelope.decisionId, deadlineAt: envelope.deadlineAt, llm: llmLeaf });
      const source = decided.decidedBy === 'llm' ? 'llm' : 'rules';
      const final = await finalizeDecision(deps.redis, toRecord(envelope, decided.body, { source, costUsd: cost, answeredBy: deps.answeredBy }), envelope.replyTo, { ...fin, scaling: scalingOf(envelope, decided) });
      await remember(final, decided);
      return { decisionId: envelope.decisionId, outcome: final.won ? 'answered' : 'already-answered', source, ...(failure ? { reason: failure } : {}) };
    }

    // A well-rated answer for this situation: reused at no cost, no provider asked.
    const reused = deps.replies ? await deps.replies.get(envelope.npc, envelope.request, prepared?.recognition ?? recognize(envelope.request.event.text, { eventType: envelope.request.event.type }), envelope.decisionId, envelope.defaultLanguage).catch(() => null) : null;
    if (reused) {
      const final = await finalizeDecision(deps.redis, toRecord(envelope, reused, { source: 'cache', answeredBy: deps.answeredBy }), envelope.replyTo, { ...fin, scaling: scalingOf(envelope, prepared ? { prepared } : undefined) });
      await remember(final, prepared ? { prepared } : undefined);
      return { decisionId: envelope.decisionId, outcome: final.won ? 'answered' : 'already-answered', source: 'none', reason: 'a well-rated reply reused' };
    }
    const outcome = await ask();
    if (!outcome.ok) return rules(envelope, outcome.reason, prepared);

    const record = toRecord(envelope, outcome.body, { source: 'llm', costUsd: outcome.costUsd, answeredBy: deps.answeredBy });
    // An answer written with memories of this player is personal: never served to anyone else.
    const personal = Boolean(prepared && prepared.recall.visits > 0);
    // The cache write is sent before the finalize on the same connection, so Redis applies it
    // before the reply is published: the very next identical request is a hit, at no extra round trip.
    const cached = deps.cache && !personal
      ? deps.cache.put(envelope.npc, envelope.request, recognize(envelope.request.event.text, { eventType: envelope.request.event.type }), outcome.body, envelope.decisionId)
          .catch((err: unknown) => deps.log.warn({ err: String(err) }, 'could not cache an LLM answer'))
      : undefined;
    const final = await finalizeDecision(deps.redis, record, envelope.replyTo, { ...fin, scaling: scalingOf(envelope, prepared ? { prepared } : undefined) });
    await cached;
    await remember(final, prepared ? { prepared } : undefined);
    if (!final.won) deps.log.info({ decisionId: envelope.decisionId, costUsd: outcome.costUsd }, 'late LLM answer: cached for later requests');
    return { decisionId: envelope.decisionId, outcome: final.won ? 'answered' : 'already-answered', source: 'llm' };
  };
}
