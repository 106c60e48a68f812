import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_DEADLINE_POLICY, memoryLines, type DeadlinePolicy, type PreparedDecision } from '@npc/agent';
import { decisionKeys, type DecisionBody, type DecisionEnvelope, type StageResult } from '@npc/contracts';
import { AheadBudgetGate, type BudgetGate, type LlmCallRecord, type LlmDecideHooks, type LlmDecideInput, type LlmOutcome, type ReservationAhead } from '@npc/llm';
import { answer, byAgent, byRules, prepareFor, recognitionOf, type AnswerContext, type MadeAnswer } from '../answer/answer';
import type { DecisionCache } from '../cache/decision-cache';
import type { ReplyStore } from '../cache/reply-store';
import { readDecision } from '../answer/finalize';
import { StageNpcs } from '../transport/job-npc';
import { stageAgent, type StageAgentDeps } from './stage-agent';

export interface LlmDecider {
  /** An `ok` outcome's body already satisfies `decisionBodyFor(request.allowedActions)` (packages/llm validates the model's output): not validated again. */
  decide(input: LlmDecideInput, hooks: LlmDecideHooks): Promise<LlmOutcome>;
  /** What the first request will most likely reserve at most, before the memory is read (`LlmClient.reservationAhead`). */
  reservationAhead?(input: Pick<LlmDecideInput, 'npc' | 'request' | 'decisionId'>): ReservationAhead | null;
}

export interface LlmStageDeps extends StageAgentDeps {
  redis: Redis;
  prefix: string;
  /** DECISION_SHARDS (default 1): where finalize writes the record and its log entry. */
  shards?: number | undefined;
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
  /** When paid work may still start (default `DEFAULT_DEADLINE_POLICY`). */
  deadlines?: DeadlinePolicy;
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
 * The agent (memory lines in the prompt, the NPC's behaviour tree with the LLM as one of its
 * leaves, memories written after finalize) and the caches read the envelope's recognition (the
 * gateway's, or the model's intent when the inference stage settled it): nothing is recognised here.
 */
export function createLlmStage(deps: LlmStageDeps) {
  const deadlines = deps.deadlines ?? DEFAULT_DEADLINE_POLICY;
  const agent = stageAgent(deps);
  const ctx: AnswerContext = { redis: deps.redis, prefix: deps.prefix, shards: deps.shards, ttlSeconds: deps.ttlSeconds, answeredBy: deps.answeredBy, ...(agent ? { memory: agent } : {}) };
  const npcs = deps.npcs ?? new StageNpcs(deps.redis, deps.prefix);
  const answered = async (envelope: DecisionEnvelope, made: MadeAnswer, result: Omit<LlmStageResult, 'decisionId' | 'outcome'>): Promise<LlmStageResult> => {
    const { outcome } = await answer(ctx, envelope, made);
    return { decisionId: envelope.decisionId, outcome, ...result };
  };
  const rules = async (envelope: DecisionEnvelope, reason: string, prepared?: PreparedDecision): Promise<LlmStageResult> =>
    answered(envelope, agent && prepared ? await byAgent(agent, envelope, { prepared }) : byRules(envelope), { source: 'rules', reason });

  return async function processLlmJob(data: unknown): Promise<LlmStageResult> {
    const envelope = await npcs.envelopeOf(data);
    const tree = agent ? agent.treeOf(envelope.npc) : null;
    // An NPC without a tree asks the LLM unless a read below says otherwise: its first budget
    // reservation is asked for now, in the round trip of those reads (given back if unused).
    const ahead = deps.budget && !tree && deadlines.paidWorkMayStart(envelope.deadlineAt) ? deps.llm.reservationAhead?.({ npc: envelope.npc, request: envelope.request, decisionId: envelope.decisionId }) : null;
    const early = deps.budget && ahead ? new AheadBudgetGate(deps.budget, ahead) : undefined;
    try {
      return await decideJob(envelope, tree, early ?? deps.budget);
    } finally {
      early?.done();
    }
  };

  async function decideJob(envelope: DecisionEnvelope, tree: ReturnType<NonNullable<typeof agent>['treeOf']> | null, budget: BudgetGate | undefined): Promise<LlmStageResult> {
    const recognition = recognitionOf(envelope);
    // Already answered? Memory + world news (for the prompt, and for the rules if the LLM cannot
    // answer)? And (an NPC without a tree) a well-rated reply for this situation? All three reads
    // at once: one round trip.
    const [existing, prepared, reused] = await Promise.all([
      readDecision(deps.redis, decisionKeys(deps.prefix, deps.shards), envelope.decisionId),
      agent ? prepareFor(agent, envelope) : Promise.resolve(undefined),
      deps.replies && !tree ? deps.replies.get(envelope.npc, envelope.request, recognition, envelope.decisionId, envelope.defaultLanguage).catch(() => null) : null,
    ]);
    if (existing) {
      return { decisionId: envelope.decisionId, outcome: 'already-answered', source: 'none', reason: 'answered before the job ran' };
    }
    if (!deadlines.paidWorkMayStart(envelope.deadlineAt)) return rules(envelope, 'deadline', prepared);

    const memory = prepared ? memoryLines(prepared.recall) : undefined;
    const hooks = { ...(budget ? { budget } : {}), onCall: deps.onCall };
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
    if (agent && prepared && tree) {
      let cost = 0;
      let failure = '';
      const llmLeaf = async (): Promise<DecisionBody | null> => {
        if (!deadlines.paidWorkMayStart(envelope.deadlineAt)) return null;
        const outcome = await ask();
        cost += outcome.costUsd;
        if (!outcome.ok) failure = outcome.reason;
        return outcome.ok ? outcome.body : null;
      };
      const made = await byAgent(agent, envelope, { prepared, leaves: () => ({ llm: llmLeaf }) });
      return answered(envelope, { ...made, costUsd: cost }, { source: made.source === 'llm' ? 'llm' : 'rules', ...(failure ? { reason: failure } : {}) });
    }

    const asked = prepared ? { decided: { prepared } } : {};
    // A well-rated answer for this situation: reused at no cost, no provider asked.
    if (reused) return answered(envelope, { body: reused, source: 'cache', validated: true, ...asked }, { source: 'none', reason: 'a well-rated reply reused' });

    const outcome = await ask();
    if (!outcome.ok) return rules(envelope, outcome.reason, prepared);
    // An answer written with memories of this player is personal: never served to anyone else.
    const personal = Boolean(prepared && prepared.recall.visits > 0);
    // The cache write is sent before the finalize on the same connection, so Redis applies it
    // before the reply is published: the very next identical request is a hit, at no extra round trip.
    const cached = deps.cache && !personal
      ? deps.cache.put(envelope.npc, envelope.request, recognition, outcome.body, envelope.decisionId)
          .catch((err: unknown) => deps.log.warn({ err: String(err) }, 'could not cache an LLM answer'))
      : undefined;
    const result = await answered(envelope, { body: outcome.body, source: 'llm', costUsd: outcome.costUsd, validated: true, ...asked }, { source: 'llm' });
    await cached;
    if (result.outcome === 'already-answered') deps.log.info({ decisionId: envelope.decisionId, costUsd: outcome.costUsd }, 'late LLM answer: cached for later requests');
    return result;
  }
}
