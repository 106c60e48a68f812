import { z } from 'zod';

/** BullMQ queue names. A decision is a chain of jobs over these; `learning` receives events. */
export const QUEUES = {
  rules: 'rules',
  inference: 'inference',
  llm: 'llm',
  learning: 'learning',
} as const;
export const DecisionQueue = z.enum(['rules', 'inference', 'llm']);
export type DecisionQueue = z.infer<typeof DecisionQueue>;

/**
 * Default key prefix for every queue and key. The braces are a Redis Cluster hashtag: DragonFly
 * (and Redis Cluster) need all keys a BullMQ Lua script touches in one slot.
 */
export const DEFAULT_QUEUE_PREFIX = '{npc}';

/**
 * Redis keys and channels beside the queues; all share the prefix (and so its hash slot). The
 * queues have hashtags of their own (`queuePrefix`, shards.ts). `decision`, `pending`,
 * `idempotency` and `decisionLog` are the layout of one decision shard (DECISION_SHARDS=1); with
 * more shards take them from `decisionKeys(prefix, shards)`.
 */
export const redisKeys = (prefix: string) => ({
  /** The final decision record (JSON), first writer wins; TTL = idempotency window. */
  decision: (decisionId: string) => `${prefix}:decision:${decisionId}`,
  /** Marker for an accepted async decision that has not been answered yet. */
  pending: (decisionId: string) => `${prefix}:pending:${decisionId}`,
  /** requestId → decisionId, per API key. */
  idempotency: (apiKeyId: string, requestId: string) => `${prefix}:idem:${apiKeyId}:${requestId}`,
  /** Read-through cache of a registered NPC. */
  npc: (npcId: string) => `${prefix}:npc:${npcId}`,
  /** Pub/sub channel telling gateways to drop a cached NPC. */
  npcInvalidation: `${prefix}:npc-invalidate`,
  /** The per-gateway-instance channel on which stages publish finished decisions. */
  replyChannel: (instanceId: string) => `${prefix}:reply:${instanceId}`,
  /** Stream of finished decisions awaiting their PostgreSQL write (and read by learning). */
  decisionLog: `${prefix}:decision-log`,
  /** Hash: LLM worker id → its latest heartbeat (providers up, budget left), read by the router. */
  llmStatus: `${prefix}:llm-status`,
  /** Hash: inference worker id → its latest heartbeat (model version loaded, provider), read by the router. */
  inferenceStatus: `${prefix}:inference-status`,
  /** Pub/sub channel: a newly promoted intent model's version (inference workers hot-reload it). */
  modelPromoted: `${prefix}:model-promoted`,
  /** A player's skill rating (JSON), cached from PostgreSQL for quest and combat decisions. */
  playerSkill: (playerId: string) => `${prefix}:skill:${playerId}`,
  /** An API key's request counter for the current minute, shared by every gateway (@fastify/rate-limit's Redis store). */
  rateLimit: (apiKeyId: string) => `${prefix}:ratelimit:${apiKeyId}`,
  /** LLM decisions an API key started on a budget day (its daily LLM quota). */
  llmQuotaKey: (day: string, apiKeyId: string) => `${prefix}:llm-quota:${day}:k:${apiKeyId}`,
  /** LLM decisions a player (per API key: game servers name players their own way) started on a budget day. */
  llmQuotaPlayer: (day: string, apiKeyId: string, playerId: string) => `${prefix}:llm-quota:${day}:p:${apiKeyId}:${playerId}`,
  /** A cached LLM answer by exact situation (`exact`: normalised text) or by intent and slots (`intent`); `hash` names it. */
  answerCache: (kind: 'exact' | 'intent', hash: string) => `${prefix}:cache:${kind === 'exact' ? 'x' : 'i'}:${hash}`,
  /** The LLM budget of a budget day: the totals hash; its companions add `:res`, `:exp`, `:closed`, `:charged`. */
  budgetDay: (day: string) => `${prefix}:budget:${day}`,
  /** A provider's requests-per-window sliding window, shared by every LLM worker. */
  providerRate: (provider: string) => `${prefix}:llm-rate:${provider}`,
  /** Which cache entries a decision's answer sits in (JSON), so that a −1 rating can evict it. */
  cachedAnswer: (decisionId: string) => `${prefix}:cache:d:${decisionId}`,
  /** A browser session of the queue admin page: the sha256 of its cookie's token → the admin principal (JSON). */
  adminSession: (tokenSha256: string) => `${prefix}:admin-session:${tokenSha256}`,
});
export type RedisKeys = ReturnType<typeof redisKeys>;
