import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_QUEUE_PREFIX } from '@npc/contracts';

/** Thrown when the environment does not satisfy a config schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).default(def ? 'true' : 'false').transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Settings every process shares. */
export const BaseEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /**
   * `host:port,host:port,…`: connect every Redis client as an ioredis Cluster seeded with these
   * nodes (Redis Cluster, or DragonFly in emulated cluster mode); REDIS_URL then only lends its
   * credentials. Empty: a single Redis/DragonFly at REDIS_URL.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'comma-separated host:port list')
    .transform((v) => v.split(',').map((n) => n.trim()))
    .optional(),
  /**
   * Send the Redis commands of one event-loop turn in one socket write (see coalesce-writes.ts):
   * fewer system calls per decision for the same commands. `false` writes each command at once.
   */
  REDIS_COALESCE_WRITES: bool(true),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/test'),
  /** PostgreSQL schema holding the tables (tests use one per run). */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('public'),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  /** Prefix of every queue and Redis key. Keep the braces: DragonFly/Redis Cluster hashtag. */
  QUEUE_PREFIX: z.string().min(1).default(DEFAULT_QUEUE_PREFIX),
  /**
   * Hashtags the hot per-decision keys (idempotency claims, records, pending markers, the
   * decision-log stream: one per shard, each with its writer) are spread over, by a stable hash of
   * the decision id (the API key and requestId for a claim). 1 = one `{npc}` slot (the layout
   * before sharding). Every process of an installation must use the same value; moving from 1 to N
   * is drain-then-switch with DECISION_SHARDS_LEGACY (docs/scaling.md).
   */
  DECISION_SHARDS: int(1, 1, 256),
  /** With DECISION_SHARDS > 1: also read the one-shard layout (its claims, records and log stream) left by the installation before the switch. */
  DECISION_SHARDS_LEGACY: bool(false),
  /**
   * Rules queues (hashtags `{npc:rules<i>.<k>}`) a decision's rules job is spread over by the same
   * hash; 1 = the one `{npc:rules}` queue. Every rules worker serves all of them (a BullMQ Worker
   * each). Worth it only where the rules queue's one slot is the limit (Redis Cluster, DragonFly
   * threads): each extra queue costs its workers' blocking reads and smaller batches. Same value
   * in every process; change it after the rules queue drained.
   */
  RULES_QUEUE_SHARDS: int(1, 1, 256),
  /** How long finished decision records stay in Redis (then GET reads PostgreSQL). */
  DECISION_TTL_S: int(3600, 60),
  /** The idempotency window for `requestId` (the contract says 24 h). */
  IDEMPOTENCY_TTL_S: int(86_400, 60),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100),
  /** The day's LLM budget (USD), enforced in Redis by every LLM worker together. */
  LLM_DAILY_BUDGET_USD: z.coerce.number().min(0).default(10),
  /** IANA time zone in which the budget day starts. */
  LLM_BUDGET_TZ: z.string().default('UTC').refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-CA', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as UTC or Europe/Berlin'),
  /** Cached LLM answers: exact (normalised text) and intent-level (intent + slots), in seconds. 0 = off. */
  LLM_CACHE_TTL_S: int(600, 0),
  LLM_INTENT_CACHE_TTL_S: int(1800, 0),
  /**
   * The world knowledge imported from the game server (`pnpm npc import rathena --dir … --out FILE`):
   * items, monsters, maps, shops. Loaded once at start by every process that decides; unset: the
   * rules' hand-typed lexicon alone.
   */
  WORLD_FILE: z.string().min(1).optional(),
  /** The language NPCs answer in when a player's message shows none and neither the game nor the NPC names one. */
  NPC_DEFAULT_LANGUAGE: z.enum(['en', 'pt-BR', 'es', 'id']).default('en'),
  /** How long an NPC keeps a conversation's state (topic, price quoted, open question) after the last message. */
  DIALOGUE_TTL_S: int(600, 10, 86_400),
  /** Half-life of grudges and warmth: an insult weighs half as much this many hours later (apologies and kindness weigh against it). */
  GRUDGE_HALF_LIFE_H: z.coerce.number().min(0.01).max(100_000).default(72),
  /** Well-rated answers reused for the same situation (NPC, intent, slots, language), in seconds; 0 = off. */
  REPLY_STORE_TTL_S: int(30 * 86_400, 0),
  /** Requests with a shorter deadline never go to the LLM (it could not answer in time); the gateway and the inference stage route by it. */
  LLM_MIN_DEADLINE_MS: int(800, 20),
});

export const GatewayEnv = BaseEnv.extend({
  /** `auto`: route text requests to the inference worker while one reports a promoted model loaded. */
  INFERENCE_ROUTE: z.enum(['auto', 'off']).default('auto'),
  /** `auto`: route open-ended requests to the LLM when an LLM worker reports itself available. */
  LLM_ROUTE: z.enum(['auto', 'off']).default('auto'),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(3000, 0, 65535),
  /** Unique per gateway process: names its reply channel. */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_.-]+$/).default(`${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
  BODY_LIMIT_BYTES: int(65_536, 1024),
  /** Default per-key rate limit (requests/minute) for keys created without one; counted in Redis, shared by all gateways. */
  RATE_LIMIT_PER_MIN: int(120_000, 1),
  /** Requests per minute from one address to /v1 and /admin, checked before authentication, per gateway (0 = off). */
  RATE_LIMIT_IP_PER_MIN: int(1_200_000, 0),
  /** Failed authentications (401) per minute from one address before it gets 429 without a key lookup, per gateway (0 = off). */
  AUTH_FAILURES_PER_IP_PER_MIN: int(60, 0),
  /** Answer this many ms before the deadline when falling back in-process. */
  DEADLINE_MARGIN_MS: int(3, 0, 1000),
  NPC_CACHE_TTL_MS: int(30_000, 0),
  API_KEY_CACHE_TTL_MS: int(60_000, 0),
  /** A key whose id the gateway does not know makes it read the key ids again, at most this often (ms): a new key works within it. */
  API_KEY_ID_REFRESH_MS: int(200, 10, 60_000),
  /** Coalesce queue adds for this long (ms) into one addBulk; 0 = everything added in the same event-loop turn. */
  ENQUEUE_BATCH_MS: int(0, 0, 50),
  ENQUEUE_BATCH_MAX: int(200, 1, 10_000),
  /** Run the decision-log writer (Redis stream → PostgreSQL) in this process. */
  DECISION_LOG_WRITER: bool(true),
  DECISION_LOG_BATCH: int(500, 1, 10_000),
  /**
   * After a log batch (decision log, memory log) smaller than its size, the writer waits this long
   * before reading again, so entries gather into one INSERT: stored in PostgreSQL up to this much
   * later (Redis answers GET meanwhile), at a fraction of the CPU per entry under moderate load.
   */
  LOG_LINGER_MS: int(50, 0, 5_000),
  /**
   * Entries a log stream (decision log, memory log) may hold before gateways stop adding to it:
   * new decisions are then answered by in-process rules and stored in PostgreSQL directly, and
   * from 80 % of it no LLM work starts. Entries are never trimmed. Size it as peak decisions/s ×
   * the PostgreSQL outage to ride out (s) × 1.2, and give Redis the memory for it (about 1.2 KB an
   * entry): 2,000,000 ≈ 500/s for an hour ≈ 2.4 GB. See docs/runbooks/decision-log.md.
   */
  LOG_STREAM_MAX_LEN: int(2_000_000, 100, 1_000_000_000),
  /** Backpressure: past this many waiting jobs in a queue the gateway answers from in-process rules instead of enqueueing. */
  SHED_QUEUE_DEPTH: int(5_000, 1, 10_000_000),
  /** …or when the queue's oldest waiting job is older than this (ms). */
  SHED_JOB_AGE_MS: int(5_000, 50, 3_600_000),
  /** How often the gateway samples queue depths, oldest jobs and stream lengths (ms): never per request. */
  SHED_SAMPLE_MS: int(250, 10, 60_000),
  /**
   * Keep this many of the decisions answered last (as JSON) and store them again in PostgreSQL
   * when the Redis connection comes back after a break, in case Redis lost decision-log entries
   * not written yet (idempotent). 0 = off.
   */
  RECENT_DECISIONS_KEPT: int(4_000, 0, 1_000_000),
  /**
   * After SIGTERM, keep answering this long before refusing connections: /health/ready says 503
   * and every answer closes its connection, so keep-alive clients move on after an answer instead
   * of having an idle socket closed under a request they are sending.
   */
  SHUTDOWN_DRAIN_MS: int(1000, 0, 60_000),
});
export type GatewayEnv = z.infer<typeof GatewayEnv>;


export const WorkerEnv = BaseEnv.extend({
  WORKER_CONCURRENCY: int(64, 1, 10_000),
  /** BullMQ lock duration: a crashed worker's job is taken over after about this long. */
  WORKER_LOCK_MS: int(30_000, 500),
  WORKER_STALLED_INTERVAL_MS: int(30_000, 500),
  /** Fault injection for tests and chaos runs: sleep this long inside every job. Keep 0. */
  WORKER_FAULT_DELAY_MS: int(0, 0, 600_000),
  /** Serve this worker's Prometheus metrics at http://METRICS_HOST:METRICS_PORT/metrics; 0 = off. */
  METRICS_PORT: int(0, 0, 65535),
  METRICS_HOST: z.string().default('127.0.0.1'),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export const LlmWorkerEnv = WorkerEnv.extend({
  WORKER_CONCURRENCY: int(200, 1, 10_000),
  /** JSON array of providers in priority order (see README); empty = the LLM route is off. */
  LLM_PROVIDERS: z.string().optional(),
  LLM_MAX_TOKENS: int(200, 16, 8192),
  LLM_BREAKER_THRESHOLD: int(5, 1, 1000),
  LLM_BREAKER_COOLDOWN_MS: int(30_000, 100),
  /** Fire the next provider in parallel when the first has not answered after this long (0 = off). */
  LLM_HEDGE_AFTER_MS: int(0, 0),
  /**
   * LLM jobs started per LLM_RATE_WINDOW_MS by all LLM workers together (BullMQ's global queue
   * limiter; jobs over it wait in the queue, and their gateways answer by rules at the deadline).
   * 0 = off. Providers' own `rpm` (in LLM_PROVIDERS) is the finer limit: it skips to the next provider.
   */
  LLM_RATE_LIMIT_PER_MIN: int(0, 0, 100_000_000),
  /** The window of providers' `rpm` and of LLM_RATE_LIMIT_PER_MIN: a minute (shorten only in tests). */
  LLM_RATE_WINDOW_MS: int(60_000, 100, 3_600_000),
  BUDGET_ALERT_WEBHOOK_URL: z.string().url().optional(),
  /** How often (ms) each LLM worker reconciles the budget reservations that expired unsettled against the ledger. */
  LLM_RECONCILE_EVERY_MS: int(30_000, 100),
  /** Reconcile only reservations expired at least this long (ms): their ledger rows may still be on their way. */
  LLM_RECONCILE_GRACE_MS: int(30_000, 0),
  /** LLM decisions one API key may start per budget day; past it its requests are answered by rules (0 = no cap). */
  LLM_QUOTA_PER_KEY_PER_DAY: int(20_000, 0),
  /** LLM decisions one player (per API key) may start per budget day; past it, rules (0 = no cap). */
  LLM_QUOTA_PER_PLAYER_PER_DAY: int(100, 0),
});
export type LlmWorkerEnv = z.infer<typeof LlmWorkerEnv>;

/** The inference worker (apps/worker-inference): the promoted intent model on ONNX Runtime. */
export const InferenceWorkerEnv = WorkerEnv.extend({
  WORKER_CONCURRENCY: int(256, 1, 10_000),
  /** `auto`: CUDA when its provider library and a GPU are present, else CPU. */
  INFERENCE_DEVICE: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  /** Micro-batching across concurrent jobs: flush at this many texts… */
  INFERENCE_BATCH_MAX: int(256, 1, 65_536),
  /** …or this long (ms) after the first text of a batch arrived. */
  INFERENCE_BATCH_WAIT_MS: int(2, 0, 1000),
  /** A model prediction at or above this probability counts as a known pattern (answered with source `model`). */
  MODEL_CONFIDENT: z.coerce.number().min(0).max(1).default(0.8),
  /** Poll the model registry this often (ms) besides the promotion message. */
  MODEL_POLL_MS: int(10_000, 100),
  /** Where loaded model files are cached on disk. */
  MODEL_DIR: z.string().default('var/models'),
});
export type InferenceWorkerEnv = z.infer<typeof InferenceWorkerEnv>;

/** The learning worker (apps/worker-learning): pattern extraction, retraining, promotion. */
export const LearningWorkerEnv = BaseEnv.extend({
  /** Pull newly stored decisions and feedback into patterns this often (ms). */
  LEARN_INGEST_EVERY_MS: int(5_000, 100),
  /** Retrain (and promote when better) on this schedule (cron, in LEARN_TZ); empty = on demand only. */
  LEARN_RETRAIN_CRON: z.string().default('0 */6 * * *'),
  LEARN_TZ: z.string().default('UTC'),
  /** Generated corpus size per intent (the base of every training set). */
  LEARN_CORPUS_PER_INTENT: int(600, 10, 100_000),
  /** A learnt pattern joins training when at least this share of its rated uses were rated +1. */
  LEARN_MIN_SUCCESS_RATE: z.coerce.number().min(0).max(1).default(0.6),
  /** Keep equal to the inference workers' MODEL_CONFIDENT: promotion counts confident right answers as a tie-break. */
  MODEL_CONFIDENT: z.coerce.number().min(0).max(1).default(0.8),
  /** Where model files are written (the registry row in PostgreSQL holds them too). */
  MODEL_DIR: z.string().default('var/models'),
  /** Training settings of every retrain (recorded with each version; `npc learn --once --epochs …` overrides them). */
  LEARN_EPOCHS: int(10, 1, 1000),
  LEARN_LEARNING_RATE: z.coerce.number().positive().max(100).default(0.4),
  LEARN_L2: z.coerce.number().min(0).max(1).default(1e-6),
  /** Hashed feature dimensions (a power of two). */
  LEARN_FEATURE_DIMS: int(16_384, 256, 1 << 22).refine((v) => (v & (v - 1)) === 0, 'a power of two'),
  /** Corpus and training seed. */
  LEARN_SEED: int(1, 0, 2 ** 31 - 1),
  /** Rejected and retired models are deleted this many days after their status changed (never the promoted one); 0 keeps them. */
  LEARN_MODEL_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(30),
  METRICS_PORT: int(0, 0, 65535),
  METRICS_HOST: z.string().default('127.0.0.1'),
});
export type LearningWorkerEnv = z.infer<typeof LearningWorkerEnv>;

export type BaseEnvT = z.infer<typeof BaseEnv>;

/** Validates `env` against `schema` once; throws ConfigError naming every bad variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): z.infer<S> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') clean[k] = v;
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}
