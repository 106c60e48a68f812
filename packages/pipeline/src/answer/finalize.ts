import type { Redis, Cluster } from 'ioredis';
import { DecisionRecord, redisKeys } from '@npc/contracts';
import { defineScripts } from '@npc/config';
import { withDifficulty, type DifficultyContext } from './difficulty';
import { withItemIds } from './item-identity';

/**
 * First writer wins: stores the decision record, appends it to the decision log stream and
 * publishes it to the requesting gateway, atomically. If a record already exists (another stage,
 * or the gateway's deadline fallback, answered first) nothing is written and the existing record
 * is returned: every caller ends up with the one decision.
 *
 * The stream is never trimmed here: an entry is removed only by the log writer once it is in
 * PostgreSQL (or set aside as a dead letter). Its length is bounded upstream: past
 * LOG_STREAM_MAX_LEN gateways stop enqueueing and store their own answers directly in PostgreSQL,
 * finalizing them with ARGV[4] = '0' (no stream entry).
 */

type RedisLike = Redis | Cluster;

const SCRIPTS = { npcFinalize: new URL('./lua/finalize.lua', import.meta.url) };

export interface FinalizeOptions {
  prefix: string;
  /** Seconds the record stays in Redis (GET and idempotency read it from there, then from PostgreSQL). */
  ttlSeconds: number;
  /** false: no decision-log stream entry (the caller stores the record in PostgreSQL itself). Default true. */
  log?: boolean;
  /** false: store the record as given, without difficulty scaling (default: scaled, see ./difficulty.ts). */
  difficulty?: boolean;
  /** The NPC and the player's rating when the caller has them (scaling then needs no read, and a changed action is said again). */
  scaling?: DifficultyContext;
}

export interface FinalizeResult {
  record: DecisionRecord;
  /** true when this call wrote the record; false when an earlier answer won. */
  won: boolean;
  /** The record as stored in Redis (JSON). */
  json: string;
}

export async function finalizeDecision(redis: RedisLike, decided: DecisionRecord, replyTo: string, opts: FinalizeOptions): Promise<FinalizeResult> {
  const keys = redisKeys(opts.prefix);
  // The one place every answer passes: quest and combat actions get their scaled parameters here.
  // Items the game server knows get their id and AegisName beside their name (packages/world).
  const record = withItemIds(opts.difficulty === false ? decided : await withDifficulty(redis, opts.prefix, decided, opts.scaling));
  const id = record.decision.decisionId;
  const json = JSON.stringify(record);
  const existing = (await defineScripts(redis, SCRIPTS).npcFinalize(
    keys.decision(id), keys.decisionLog, keys.pending(id), json, opts.ttlSeconds, replyTo, opts.log === false ? '0' : '1',
  )) as string | null;
  if (existing === null) return { record, won: true, json };
  return { record: DecisionRecord.parse(JSON.parse(existing)), won: false, json: existing };
}

/** Reads a finished decision record from Redis, or null. */
export async function readDecision(redis: RedisLike, prefix: string, decisionId: string): Promise<DecisionRecord | null> {
  const raw = await redis.get(redisKeys(prefix).decision(decisionId));
  return raw ? DecisionRecord.parse(JSON.parse(raw)) : null;
}
