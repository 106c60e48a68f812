import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LeaseManager, MemoryStore, WorldKnowledge } from '@npc/agent';
import type { GatewayEnv } from '@npc/config';
import type { DailyBudget } from '@npc/cost';
import type { Backpressure, DecisionCache, InferenceStatusWatcher, LlmStatusWatcher, ReplyStore } from '@npc/pipeline';
import type { createDatabase, createRepositories } from '@npc/persistence';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AdminSessions } from './admin-sessions';
import type { Authenticator } from './auth';
import type { DecisionService } from './decision-service';
import type { DecisionMetrics } from './metrics/decision-metrics';
import type { OpsSampler } from './metrics/ops-sampler';
import type { NpcCache } from './npc-cache';

/** Everything the HTTP layer needs; built by gateway.ts, or by a test. */
export interface GatewayDeps {
  config: GatewayEnv;
  log: Logger;
  redis: Redis;
  database: Awaited<ReturnType<typeof createDatabase>>;
  repos: ReturnType<typeof createRepositories>;
  /** The rules queue (the first of them with RULES_QUEUE_SHARDS > 1: all in `queues.rules`). */
  rulesQueue: Queue;
  authenticator: Authenticator;
  npcs: NpcCache;
  decisions: DecisionService;
  metrics: DecisionMetrics;
  /** Read-only here: the budget's status for GET /v1/costs (LLM workers reserve and settle). */
  budget: DailyBudget;
  llmStatus: LlmStatusWatcher;
  /** The LLM answer cache (a −1 rating evicts the answer it rated). */
  answerCache: DecisionCache;
  /** Inference workers' heartbeats (model loaded, version, provider): the inference route's signal. */
  inferenceStatus: InferenceStatusWatcher;
  shuttingDown: () => boolean;
  /** The agent layer: intention registry, world events, NPC memories (routes/events.ts, routes/intentions.ts). */
  agent: { leases: LeaseManager; world: WorldKnowledge; memory: MemoryStore };
  /** The decision queues by name (bull-board, queue sampling); the rules queue one per RULES_QUEUE_SHARDS. */
  queues: Record<string, Queue | readonly Queue[]>;
  /** Samples queue depths, worker counts and the budget every few seconds (metrics, dashboard). */
  ops: OpsSampler;
  /** Well-rated answers reused for the same situation (fed by feedback: +1 keeps, −1 removes). */
  replyStore: ReplyStore;
  /** Queue depths, oldest jobs and log-stream lengths every SHED_SAMPLE_MS: when to shed (optional in tests). */
  backpressure?: Backpressure;
  /** Browser sessions of the queue admin page (cookie → admin principal). */
  adminSessions: AdminSessions;
}

/** A group of routes: a Fastify plugin whose routes declare their zod schemas (`ZodTypeProvider`). */
export type RoutePlugin = FastifyPluginAsyncZod<{ deps: GatewayDeps }>;
