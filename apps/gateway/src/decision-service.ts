import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { answer, byAgent, byRules, claimRequestId, finalizeDecision, isPending, readDecision, settle, type AnswerContext, type Backpressure, type ReplyStore, type BatchWriter, type CacheHit, type DecisionCache, type Enqueuer, type InferenceStatusWatcher, type LlmStatusWatcher, type MadeAnswer, type RecentDecisions, type ReplyListener } from '@npc/pipeline';
import { recognize } from '@npc/rules';
import { DEFAULT_DEADLINE_POLICY, routeDecision, type AgentRuntime, type DeadlinePolicy } from '@npc/agent';
import {
  decisionKeys,
  type ApiKeyPrincipal,
  type Decision,
  type DecisionBody,
  type DecisionEnvelope,
  type DecisionKeys,
  type DecisionRecord,
  type DecisionRequest,
  type Language,
  type Npc,
  type Recognition,
} from '@npc/contracts';
import type { DecisionMetrics } from './metrics/decision-metrics';

export interface DecisionStore {
  get(id: string): Promise<DecisionRecord | null>;
}

export interface DecisionServiceDeps {
  redis: Redis;
  prefix: string;
  /** The per-decision keys over DECISION_SHARDS (default: one shard of `prefix`). */
  decisionKeys?: DecisionKeys;
  instanceId: string;
  decisionTtlS: number;
  idempotencyTtlS: number;
  /** When the gateway stops waiting and falls back, and which deadlines are worth the LLM (default `DEFAULT_DEADLINE_POLICY`). */
  deadlines?: DeadlinePolicy;
  enqueuer: Enqueuer;
  replies: ReplyListener;
  store: DecisionStore;
  offlineLog: BatchWriter<DecisionRecord>;
  /** The decisions answered last, stored again if Redis comes back having lost log entries. */
  recent?: RecentDecisions;
  metrics: DecisionMetrics;
  log: Logger;
  /** The LLM route: workers' heartbeats and the answer cache. */
  llm?: { status: LlmStatusWatcher; cache?: DecisionCache };
  /** The inference route (INFERENCE_ROUTE=auto): open while an inference worker reports a loaded model. */
  inference?: { status: Pick<InferenceStatusWatcher, 'available'> };
  /** The agent (behaviour trees, memory, leases) for the deadline fallback of NPCs with a tree. */
  agent?: AgentRuntime;
  /** The server's default language (`NPC_DEFAULT_LANGUAGE`), carried in every envelope. */
  defaultLanguage?: Language;
  /** Well-rated answers, reused for the same situation before the LLM is asked. */
  replyStore?: ReplyStore;
  /** Queue depths, oldest jobs and log-stream lengths, sampled: when to answer without enqueueing. */
  backpressure?: Pick<Backpressure, 'shed' | 'llmOpen'>;
}

export type DecideResult = { kind: 'decided'; decision: Decision } | { kind: 'accepted'; decisionId: string };

/**
 * The gateway's half of a decision: idempotency, routing to a queue, waiting for the reply on this
 * instance's channel, and the deadline fallback from in-process rules. The gateway never waits past
 * the deadline and never answers with an error once the request is valid.
 */
export class DecisionService {
  private readonly keys: DecisionKeys;
  private readonly answeredBy;
  private readonly shedBy;
  private readonly deadlines;
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly deps: DecisionServiceDeps) {
    this.keys = deps.decisionKeys ?? decisionKeys(deps.prefix);
    this.answeredBy = `gateway-fallback:${deps.instanceId}`;
    this.shedBy = `gateway-shed:${deps.instanceId}`;
    this.deadlines = deps.deadlines ?? DEFAULT_DEADLINE_POLICY;
  }

  /** Where this gateway's own answers (fallback, shed, cache) are written, under `answeredBy`. */
  private answerContext(answeredBy: string): AnswerContext {
    return { redis: this.deps.redis, prefix: this.deps.prefix, shards: this.keys.shards, ttlSeconds: this.deps.decisionTtlS, answeredBy };
  }

  async decide(request: DecisionRequest, npc: Npc, principal: ApiKeyPrincipal, receivedAt: number): Promise<DecideResult> {
    const envelope: DecisionEnvelope = {
      decisionId: randomUUID(),
      request,
      npc,
      apiKeyId: principal.id,
      receivedAt,
      deadlineAt: receivedAt + request.deadlineMs,
      replyTo: this.deps.replies.channel,
      hops: [],
      ...(this.deps.defaultLanguage ? { defaultLanguage: this.deps.defaultLanguage } : {}),
      // Recognised once, here: the router, the caches, every stage and the fallback read this one.
      recognition: { ...recognize(request.event.text, { eventType: request.event.type }), by: 'rules' },
    };

    if (request.requestId) {
      const earlier = await this.claimRequestId(principal.id, request.requestId, envelope.decisionId);
      if (earlier) {
        envelope.decisionId = earlier;
        if (!request.wait) return { kind: 'accepted', decisionId: earlier };
        return { kind: 'decided', decision: (await this.awaitExisting(envelope)).decision };
      }
    }

    if (!request.wait) {
      const tracked = this.track(envelope, true);
      this.keepInBackground(tracked);
      return { kind: 'accepted', decisionId: envelope.decisionId };
    }
    return { kind: 'decided', decision: (await this.track(envelope, false)).decision };
  }

  /** Waits for every background (async-mode) decision; for shutdown. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  /** SET NX GET: returns the decision id an earlier request with this requestId got, or null. */
  private async claimRequestId(apiKeyId: string, requestId: string, decisionId: string): Promise<string | null> {
    try {
      return await claimRequestId(this.deps.redis, this.keys, apiKeyId, requestId, decisionId, this.deps.idempotencyTtlS);
    } catch (err) {
      // Without Redis idempotency cannot be checked; the decision still gets answered.
      this.deps.log.warn({ err: String(err) }, 'idempotency check unavailable');
      return null;
    }
  }

  /** Enqueue to the routed stage and wait for its reply, falling back at the deadline. */
  private async track(envelope: DecisionEnvelope, async: boolean): Promise<DecisionRecord> {
    const { replies, enqueuer, redis } = this.deps;
    if (redis.status !== 'ready') {
      // Redis is down: no stage can answer, so do not wait for the deadline.
      return this.fallback(envelope);
    }
    const { request, npc } = envelope;
    const llm = this.deps.llm;
    const backpressure = this.deps.backpressure;
    const llmOpen = Boolean(llm?.status.available) && (backpressure?.llmOpen ?? true);
    const modelOpen = Boolean(this.deps.inference?.status.available);
    const recognition = envelope.recognition;
    const queue = routeDecision(
      { request, npc, hops: envelope.hops, ...(recognition ? { intent: recognition.intent } : {}) },
      { llmAvailable: llmOpen, modelAvailable: modelOpen, deadlines: this.deadlines },
    );
    if (queue === 'llm' && recognition) {
      const kept = await this.fromKept(envelope, recognition, llm?.cache);
      if (kept) return kept;
    }
    const shed = backpressure?.shed(queue);
    if (shed) return this.answerShed(envelope, queue, shed);
    envelope.hops = [queue];
    const waiter = replies.wait(envelope.decisionId);
    let enqueueFailed = false;
    const enqueued = (async () => {
      if (async) await redis.set(this.keys.pending(envelope.decisionId), '1', 'EX', this.deps.decisionTtlS);
      await enqueuer.add(queue, envelope);
    })().catch((err: unknown) => {
      enqueueFailed = true;
      this.deps.log.warn({ err: String(err), decisionId: envelope.decisionId }, 'enqueue failed: answering from in-process rules');
    });
    const record = await this.raceDeadline(envelope, waiter.promise, enqueued.then(() => enqueueFailed));
    waiter.cancel();
    return record;
  }

  private async raceDeadline(envelope: DecisionEnvelope, reply: Promise<DecisionRecord>, failedEarly: Promise<boolean>): Promise<DecisionRecord> {
    let timer: NodeJS.Timeout | undefined;
    const wait = this.deadlines.waitLeft(envelope.deadlineAt);
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(resolve, wait, 'deadline')));
    const early = failedEarly.then((failed) => (failed ? ('deadline' as const) : new Promise<never>(() => undefined)));
    const winner = await Promise.race([reply, deadline, early]);
    clearTimeout(timer);
    if (winner !== 'deadline') {
      this.deps.metrics.decided(winner, 'stage');
      return winner;
    }
    return this.fallback(envelope);
  }

  /**
   * An answer kept from before, for a decision routed to the LLM: a well-rated reply for the same
   * situation first, else a cached paid answer. No job, cost 0, `source: cache`; null on a miss (or
   * a store error). Both are read at once (one round trip, not two in turn).
   */
  private async fromKept(envelope: DecisionEnvelope, recognition: Recognition, cache: DecisionCache | undefined): Promise<DecisionRecord | null> {
    const replies = this.deps.replyStore;
    const [body, hit] = await Promise.all([
      replies ? replies.get(envelope.npc, envelope.request, recognition, envelope.decisionId, this.deps.defaultLanguage).catch(() => null) : null,
      cache ? cache.get(envelope.npc, envelope.request, recognition, envelope.decisionId).catch(() => null) : null,
    ]);
    if (body) return this.answerAtNoCost(envelope, body, `gateway-replies:${this.deps.instanceId}`);
    return cache ? this.fromCache(envelope, cache, hit) : null;
  }

  /** The cache's part of `fromKept`: its hit (or miss) counted, the entry that answered noted. */
  private async fromCache(envelope: DecisionEnvelope, cache: DecisionCache, hit: CacheHit | null): Promise<DecisionRecord | null> {
    this.deps.metrics.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
    if (!hit) return null;
    // Which entry answered it, so that a −1 rating of this decision evicts that entry.
    const noted = cache.served(envelope.decisionId, hit).catch((err: unknown) => this.deps.log.debug({ err: String(err) }, 'cache hit not recorded'));
    return this.answerAtNoCost(envelope, hit.body, `gateway-cache:${this.deps.instanceId}`, noted);
  }

  /** An answer kept from before (cache, reply store; validated when read): `source: cache`, answered here (with `alongside`, when given). */
  private async answerAtNoCost(envelope: DecisionEnvelope, body: DecisionBody, answeredBy: string, alongside?: Promise<unknown>): Promise<DecisionRecord> {
    const [{ record, json }] = await Promise.all([answer(this.answerContext(answeredBy), envelope, { body, source: 'cache', validated: true }, { replyTo: '' }), alongside]);
    this.deps.recent?.remember(json);
    this.deps.metrics.decided(record, 'cache');
    return record;
  }

  /**
   * Backpressure (Backpressure in packages/pipeline): the queue is too deep or its oldest job too
   * old, or a log stream is at its cap, so no job is added; the in-process rules answer at once.
   * With a log stream at its cap the record gets no stream entry and no memory is written: it is
   * stored through the offline path (PostgreSQL directly), so nothing is ever trimmed.
   */
  private answerShed(envelope: DecisionEnvelope, queue: string, reason: string): Promise<DecisionRecord> {
    this.deps.metrics.shed.inc({ queue, reason });
    return this.fallback(envelope, { answeredBy: this.shedBy, divert: reason === 'log-full' });
  }

  /** In-process answer (the same answer step as the stages); first writer wins, so a stage that answered a moment earlier wins. */
  private async fallback(envelope: DecisionEnvelope, opts: { answeredBy?: string; divert?: boolean } = {}): Promise<DecisionRecord> {
    const ctx = this.answerContext(opts.answeredBy ?? this.answeredBy);
    const path = ctx.answeredBy === this.shedBy ? 'shed' : 'fallback';
    // An NPC with a behaviour tree answers through it (leases claimed, memory recalled) while Redis
    // is up; otherwise, and on any agent error, plain rules.
    const agent = this.deps.agent;
    const viaAgent: MadeAnswer | undefined = agent && !opts.divert && envelope.npc.behaviorTree && this.deps.redis.status === 'ready'
      ? await byAgent(agent, envelope).catch(() => undefined)
      : undefined;
    // stamp → difficulty → item ids; then finalize, or (Redis unavailable) the offline log.
    const settled = await settle(ctx, envelope, viaAgent ?? byRules(envelope));
    try {
      const { record, won, json } = await finalizeDecision(this.deps.redis, settled, '', {
        prefix: this.deps.prefix, shards: this.keys.shards, ttlSeconds: this.deps.decisionTtlS, ...(opts.divert ? { log: false } : {}),
      });
      if (won && opts.divert) this.deps.offlineLog.push(record);
      else this.deps.recent?.remember(json);
      this.deps.metrics.decided(record, won ? path : 'stage');
      this.deps.replies.deliver(record);
      return record;
    } catch (err) {
      this.deps.log.warn({ err: String(err), decisionId: envelope.decisionId }, 'Redis unavailable: decision stored through the offline log');
      // No Redis, so no cached skill: the difficulty step scaled for a fresh player.
      this.deps.offlineLog.push(settled);
      this.deps.metrics.decided(settled, path);
      this.deps.replies.deliver(settled);
      return settled;
    }
  }

  /**
   * A repeated requestId: return the decision the first request got. Joins a local waiter when this
   * gateway holds the original; otherwise polls the stored record until the deadline, then makes
   * the fallback (first writer wins, so never a second decision).
   */
  private async awaitExisting(envelope: DecisionEnvelope): Promise<DecisionRecord> {
    const id = envelope.decisionId;
    const stored = await this.lookup(id, true);
    if (stored) return stored;
    if (this.deps.replies.isWaiting(id)) {
      const waiter = this.deps.replies.wait(id);
      const record = await this.raceDeadline(envelope, waiter.promise, Promise.resolve(false));
      waiter.cancel();
      return record;
    }
    let pause = 5;
    while (Date.now() < this.deadlines.fallbackAt(envelope.deadlineAt) - pause) {
      await new Promise((r) => setTimeout(r, pause));
      const found = await this.lookup(id, false);
      if (found) return found;
      pause = Math.min(pause * 2, 25);
    }
    return this.fallback(envelope);
  }

  private async lookup(id: string, includeDatabase: boolean): Promise<DecisionRecord | null> {
    const fromRedis = await readDecision(this.deps.redis, this.keys, id).catch(() => null);
    if (fromRedis || !includeDatabase) return fromRedis;
    return this.deps.store.get(id).catch(() => null);
  }

  /** GET /v1/decisions/{id}: the record, 'pending', or null. */
  async find(id: string): Promise<DecisionRecord | 'pending' | null> {
    const fromRedis = await readDecision(this.deps.redis, this.keys, id);
    if (fromRedis) return fromRedis;
    const fromDb = await this.deps.store.get(id);
    if (fromDb) return fromDb;
    if (this.deps.replies.isWaiting(id)) return 'pending';
    return (await isPending(this.deps.redis, this.keys, id)) ? 'pending' : null;
  }

  private keepInBackground(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.deps.log.error({ err }, 'background decision failed'));
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }
}
