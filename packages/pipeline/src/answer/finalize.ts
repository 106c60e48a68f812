import type { Redis, Cluster } from 'ioredis';
import { DecisionRecord, decisionKeys, type DecisionKeys } from '@npc/contracts';
import { defineScripts } from '@npc/config';

/**
 * The last step of an answer (./answer.ts: stamp → difficulty → item ids → finalize), and the one
 * atomic write. First writer wins: stores the decision record, appends it to the decision log stream and
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
  /** DECISION_SHARDS: the record, its pending marker and its log stream are in the decision's shard. Default 1. */
  shards?: number | undefined;
  /** Seconds the record stays in Redis (GET and idempotency read it from there, then from PostgreSQL). */
  ttlSeconds: number;
  /** false: no decision-log stream entry (the caller stores the record in PostgreSQL itself). Default true. */
  log?: boolean;
}

export interface FinalizeResult {
  record: DecisionRecord;
  /** true when this call wrote the record; false when an earlier answer won. */
  won: boolean;
  /** The record as stored in Redis (JSON). */
  json: string;
}

/** Writes `record` as it is (settled by the answer step: scaled, item ids added). */
export async function finalizeDecision(redis: RedisLike, record: DecisionRecord, replyTo: string, opts: FinalizeOptions): Promise<FinalizeResult> {
  const keys = decisionKeys(opts.prefix, opts.shards);
  const id = record.decision.decisionId;
  const json = JSON.stringify(record);
  const existing = (await defineScripts(redis, SCRIPTS).npcFinalize(
    keys.decision(id), keys.log(id), keys.pending(id), json, opts.ttlSeconds, replyTo, opts.log === false ? '0' : '1',
  )) as string | null;
  if (existing === null) return { record, won: true, json };
  return { record: DecisionRecord.parse(JSON.parse(existing)), won: false, json: existing };
}

/**
 * Reads a finished decision record from Redis, or null: under a prefix (one shard) or in its shard
 * of `keys` (then in the one-shard layout too while `keys.legacy` is set).
 */
export async function readDecision(redis: RedisLike, keys: string | DecisionKeys, decisionId: string): Promise<DecisionRecord | null> {
  const where = typeof keys === 'string' ? decisionKeys(keys) : keys;
  const raw = (await redis.get(where.decision(decisionId))) ?? (where.legacy ? await redis.get(where.legacy.decision(decisionId)) : null);
  return raw ? DecisionRecord.parse(JSON.parse(raw)) : null;
}
