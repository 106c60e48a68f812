/**
 * The one `answer` step every stage (rules, inference, LLM) and the gateway's deadline fallback
 * take, named in the order a decision walks it:
 *
 *   made (by the rules, the agent, the LLM, a cache)
 *     → stamp       validated once against the request's allowed actions, stamped into a record
 *     → difficulty  quest and combat parameters scaled for the player (./difficulty.ts)
 *     → item ids    the game server's item ids beside item names (./item-identity.ts)
 *     → finalize    the one atomic write: first writer wins, logged, published (./finalize.ts)
 *     → remember    after the reply went out, the agent's memory (best effort)
 *
 * The player's text is recognised once, by the gateway; the recognition travels in the envelope
 * (`envelope.recognition`), and every step here reads it from there (`recognitionOf`).
 */
import type { Cluster, Redis } from 'ioredis';
import {
  decisionBodyFor,
  type DecisionBody,
  type DecisionEnvelope,
  type DecisionRecord,
  type DecisionSource,
  type SettledRecognition,
  type StageResult,
} from '@npc/contracts';
import type { AgentDecision, AgentRuntime, DecideOptions, PreparedDecision } from '@npc/agent';
import { decideByRules, recognize, replyLanguage } from '@npc/rules';
import { withDifficulty, type DifficultyContext } from './difficulty';
import { finalizeDecision, type FinalizeOptions, type FinalizeResult } from './finalize';
import { withItemIds } from './item-identity';

type RedisLike = Redis | Cluster;

/** Where answers are written (finalize's options but `log`, which is per answer) and who writes them: one per stage (or gateway path). */
export interface AnswerContext extends Omit<FinalizeOptions, 'log'> {
  redis: RedisLike;
  /** Names the answering process in the record (`worker-rules:<host>:<pid>`, `gateway-fallback:<id>`, …). */
  answeredBy: string;
  /** Remembers each answer the agent made, after finalize (absent: nothing remembered). */
  memory?: Pick<AgentRuntime, 'remember'>;
}

/** An answer as a stage made it, before it is stamped. */
export interface MadeAnswer {
  body: DecisionBody;
  source: DecisionSource;
  costUsd?: number;
  /** What the agent prepared and decided for it: its NPC and rating scale the answer, its memory is written after. */
  decided?: Pick<AgentDecision, 'prepared' | 'behavior' | 'rules'>;
  /**
   * true when `body` was already validated against the request's allowed actions where it was made
   * (a behaviour tree's answer, the LLM's parsed output, a cached or stored reply): not validated again.
   */
  validated?: boolean;
}

export interface Answered extends FinalizeResult {
  outcome: Extract<StageResult['outcome'], 'answered' | 'already-answered'>;
}

/** The envelope's recognition: the gateway's (refined by the stages); recognised here only for an envelope made elsewhere. */
export function recognitionOf(envelope: DecisionEnvelope): SettledRecognition {
  return envelope.recognition ?? { ...recognize(envelope.request.event.text, { eventType: envelope.request.event.type }), by: 'rules' };
}

const languageOpt = (envelope: DecisionEnvelope) => (envelope.defaultLanguage ? { defaultLanguage: envelope.defaultLanguage } : {});

/** The rules' answer on the envelope's recognition (source `rules`, or `model` when the model settled the intent). */
export function byRules(envelope: DecisionEnvelope, source: DecisionSource = 'rules'): MadeAnswer {
  const { body } = decideByRules(envelope.npc, envelope.request, envelope.decisionId, { recognition: recognitionOf(envelope), ...languageOpt(envelope) });
  return { body, source };
}

/** Memory, world news, dialogue and (when likely needed) the player's rating for the envelope: one Redis round trip. */
export function prepareFor(agent: AgentRuntime, envelope: DecisionEnvelope): Promise<PreparedDecision> {
  return agent.prepare(envelope.npc, envelope.request, recognitionOf(envelope), languageOpt(envelope));
}

export interface ByAgentOptions {
  /** Already prepared (`prepareFor`), e.g. beside another read. */
  prepared?: PreparedDecision;
  /** The source of an answer the tree or the rules made (default `rules`); an LLM or model leaf's answer is `llm` / `model`. */
  source?: DecisionSource;
  /** Leaves calling the LLM route or the model, given what was prepared. */
  leaves?: (prepared: PreparedDecision) => Pick<DecideOptions, 'llm' | 'model'>;
}

/** The agent's answer: the NPC's behaviour tree (or the rules with memory) on the envelope's recognition. */
export async function byAgent(agent: AgentRuntime, envelope: DecisionEnvelope, opts: ByAgentOptions = {}): Promise<MadeAnswer> {
  const prepared = opts.prepared ?? await prepareFor(agent, envelope);
  const decided = await agent.decide(prepared, { seed: envelope.decisionId, deadlineAt: envelope.deadlineAt, ...opts.leaves?.(prepared) });
  const source: DecisionSource = decided.decidedBy === 'llm' ? 'llm' : decided.decidedBy === 'model' ? 'model' : opts.source ?? 'rules';
  return { body: decided.body, source, decided, validated: decided.validated };
}

/** Step 1, stamp: the body validated (unless it already was) and stamped into the full record. */
export function stamp(envelope: DecisionEnvelope, made: MadeAnswer, answeredBy: string, now = Date.now()): DecisionRecord {
  const checked = made.validated ? made.body : decisionBodyFor(envelope.request.allowedActions).parse(made.body);
  // Every decision names the language of its say (an LLM's or a cached answer too).
  const language = checked.language ?? replyLanguage(recognitionOf(envelope), envelope.request, envelope.npc, envelope.defaultLanguage);
  return {
    decision: {
      decisionId: envelope.decisionId,
      ...checked,
      language,
      source: made.source,
      costUsd: made.costUsd ?? 0,
      latencyMs: Math.max(0, now - envelope.receivedAt),
    },
    request: envelope.request,
    npcId: envelope.npc.id,
    apiKeyId: envelope.apiKeyId,
    answeredBy,
    receivedAt: envelope.receivedAt,
    decidedAt: now,
  };
}

/** What the difficulty step knows without a read: the NPC as it acts, and the rating the agent read. */
export const scalingOf = (envelope: DecisionEnvelope, decided?: Pick<AgentDecision, 'prepared'>): DifficultyContext => ({
  npc: decided?.prepared.npc ?? envelope.npc, ...(decided?.prepared.skill ? { skill: decided.prepared.skill } : {}),
});

/** Steps 1–3: stamp → difficulty → item ids. The record as it will be stored (the gateway's offline path stores it without finalize). */
export async function settle(ctx: Pick<AnswerContext, 'redis' | 'prefix' | 'answeredBy'>, envelope: DecisionEnvelope, made: MadeAnswer): Promise<DecisionRecord> {
  const record = stamp(envelope, made, ctx.answeredBy);
  const scaled = await withDifficulty(ctx.redis, ctx.prefix, record, scalingOf(envelope, made.decided));
  return withItemIds(scaled);
}

/**
 * The whole answer step: settle, finalize (first writer wins; published on `replyTo`, default the
 * envelope's), then remember. `log: false`: no decision-log entry (the caller stores the record in
 * PostgreSQL itself).
 *
 * The memory write is sent, not waited for: its commands leave in this event-loop turn, so they
 * share one socket write with the job's completion that follows (instead of a round trip of their
 * own before it), and Redis still applies them in order, before anything this process sends later.
 * Nothing changes for the player: the reply was published by finalize, before either. A process
 * closing its connection with QUIT (closeRedis) still has them applied first.
 */
export async function answer(ctx: AnswerContext, envelope: DecisionEnvelope, made: MadeAnswer, opts: { replyTo?: string; log?: boolean } = {}): Promise<Answered> {
  const { redis, answeredBy: _by, memory, ...where } = ctx;
  const record = await settle(ctx, envelope, made);
  const final = await finalizeDecision(redis, record, opts.replyTo ?? envelope.replyTo, { ...where, ...(opts.log === false ? { log: false } : {}) });
  // After the reply went out: remember what was decided (whichever answer won). Never rejects.
  if (memory && made.decided) void memory.remember(final.record, made.decided);
  return { ...final, outcome: final.won ? 'answered' : 'already-answered' };
}

/** The rules' answer stamped into a record, without finalizing (tests, tools). */
export function answerByRules(envelope: DecisionEnvelope, answeredBy: string): DecisionRecord {
  return stamp(envelope, byRules(envelope), answeredBy);
}
