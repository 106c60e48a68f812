import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CONFIDENT, OPEN_ENDED_INTENTS } from '@npc/agent';
import { defineScripts } from '@npc/config';
import { decisionBodyFor, redisKeys, type DecisionBody, type DecisionRequest, type Npc } from '@npc/contracts';
import type { Recognition } from '@npc/rules';

export interface DecisionCacheOptions {
  prefix: string;
  /** Exact cache (same NPC, same normalised question, allowed actions, level band and job): seconds, 0 = off. */
  exactTtlS: number;
  /** Intent-level cache (same NPC, confident transactional intent and slot values): seconds, 0 = off. */
  intentTtlS: number;
  /** How many different answers the intent-level cache keeps per key (picked by decision id). */
  variants?: number;
}

/** A cached answer found for a request: the body for this player, and where it came from (for eviction). */
export interface CacheHit {
  body: DecisionBody;
  /** The cache entry it was read from. */
  key: string;
  /** The entry's stored value (player names as a placeholder). */
  raw: string;
}

const PLAYER = '{{player}}';
const hash = (parts: string[]) => createHash('sha1').update(parts.join('\u0001')).digest('base64url');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Deletes a rated answer wherever it still is, then the decision's record of where it sat (`lua/evict.lua`, keys: *). */
const SCRIPTS = { npcCacheEvict: new URL('./lua/evict.lua', import.meta.url) };

/**
 * Paid (LLM) answers, kept to answer the same question again for free (`source: cache`, cost 0).
 *
 * - Exact: the normalised question + NPC version + allowed actions + event type + the player's
 *   level band and job. Open-ended intents (lore, small talk, help, not understood) and unsure
 *   guesses are cached only here: their answer is the answer to that question, never to another
 *   question of the same intent.
 * - Intent-level: a confident transactional intent + its slot values (a few variants per key).
 * - Nothing player-specific is shared: player names are stored as a placeholder and filled in for
 *   the player asking; an answer that quotes anything else of the player (id, level, job, zeny, a
 *   context value) is not cached; answers written with memories of the player are never offered
 *   to the cache (llm-stage.ts).
 * - A −1 rating evicts the answer it rated (`evict`): each decision answered by the LLM or from the
 *   cache records which entries hold its answer.
 * An NPC update (PUT) changes its `updatedAt`, so its old answers are never served again.
 */
export class DecisionCache {
  private readonly variants: number;
  private readonly keysOf;

  constructor(
    private readonly redis: Redis,
    private readonly opts: DecisionCacheOptions,
  ) {
    this.variants = opts.variants ?? 3;
    this.keysOf = redisKeys(opts.prefix);
  }

  get enabled(): boolean {
    return this.opts.exactTtlS > 0 || this.opts.intentTtlS > 0;
  }

  keys(npc: Npc, request: DecisionRequest, recognition: Recognition): { exact: string | null; intent: string | null } {
    // Answers are in a language: a Portuguese question never gets an English answer from the cache.
    const base = [npc.id, npc.updatedAt, [...request.allowedActions].sort().join(','), recognition.lang ?? request.player.language ?? npc.language ?? ''];
    const band = String(Math.floor((request.player.level ?? 0) / 10));
    const job = (request.player.job ?? '').toLowerCase();
    const exact = this.opts.exactTtlS > 0 && recognition.normalized
      ? this.keysOf.answerCache('exact', hash([...base, request.event.type, band, job, recognition.normalized]))
      : null;
    const i = recognition.intent;
    const transactional = !OPEN_ENDED_INTENTS.has(i.name) && i.confidence >= CONFIDENT;
    const intent = this.opts.intentTtlS > 0 && transactional && !recognition.injection
      ? this.keysOf.answerCache('intent', hash([...base, i.name, JSON.stringify(recognition.slots)]))
      : null;
    return { exact, intent };
  }

  /** A cached answer for this request, personalised and validated, or null. */
  async get(npc: Npc, request: DecisionRequest, recognition: Recognition, seed: string): Promise<CacheHit | null> {
    const { exact, intent } = this.keys(npc, request, recognition);
    if (!exact && !intent) return null;
    const pipe = this.redis.pipeline();
    if (exact) pipe.get(exact);
    if (intent) pipe.lrange(intent, 0, this.variants - 1);
    const results = (await pipe.exec()) ?? [];
    let hit: { key: string; raw: string } | null = null;
    let k = 0;
    if (exact) {
      const raw = (results[k++]?.[1] as string | null) ?? null;
      if (raw) hit = { key: exact, raw };
    }
    if (!hit && intent) {
      const list = (results[k]?.[1] as string[] | undefined) ?? [];
      const raw = list.length ? list[pick(seed, list.length)] : undefined;
      if (raw) hit = { key: intent, raw };
    }
    if (!hit) return null;
    const name = request.player.name ?? 'traveller';
    const parsed = decisionBodyFor(request.allowedActions).safeParse(JSON.parse(hit.raw.split(PLAYER).join(name)));
    return parsed.success ? { body: parsed.data, ...hit } : null;
  }

  /**
   * Keeps a paid answer for later requests, and records for `decisionId` where it sits (for a −1
   * rating). An answer that quotes something of this player other than the name is not kept.
   */
  async put(npc: Npc, request: DecisionRequest, recognition: Recognition, body: DecisionBody, decisionId: string): Promise<void> {
    if (quotesPlayer(body, request)) return;
    const { exact, intent } = this.keys(npc, request, recognition);
    if (!exact && !intent) return;
    const name = request.player.name;
    const generic: DecisionBody = name ? { ...body, say: body.say.split(name).join(PLAYER) } : body;
    const json = JSON.stringify(generic);
    const pipe = this.redis.pipeline();
    if (exact) pipe.set(exact, json, 'EX', this.opts.exactTtlS);
    if (intent) pipe.lpush(intent, json).ltrim(intent, 0, this.variants - 1).expire(intent, this.opts.intentTtlS);
    this.record(pipe, decisionId, [exact, intent].filter((x): x is string => x !== null), json);
    await pipe.exec();
  }

  /** Records that `decisionId` was answered from `hit` (so that a −1 on it evicts that entry). */
  async served(decisionId: string, hit: CacheHit): Promise<void> {
    const pipe = this.redis.pipeline();
    this.record(pipe, decisionId, [hit.key], hit.raw);
    await pipe.exec();
  }

  /** Evicts the cached answer a decision gave (on a −1 rating); the number of entries removed. */
  async evict(decisionId: string): Promise<number> {
    const where = this.keysOf.cachedAnswer(decisionId);
    const recorded = await this.redis.get(where);
    if (!recorded) return 0;
    const { keys, value } = JSON.parse(recorded) as { keys: string[]; value: string };
    return Number(await defineScripts(this.redis, SCRIPTS).npcCacheEvict(1 + keys.length, where, ...keys, value));
  }

  private record(pipe: ReturnType<Redis['pipeline']>, decisionId: string, keys: string[], value: string): void {
    const ttl = Math.max(this.opts.exactTtlS, this.opts.intentTtlS);
    pipe.set(this.keysOf.cachedAnswer(decisionId), JSON.stringify({ keys, value }), 'EX', ttl);
  }
}

/**
 * Whether an answer quotes something of the asking player other than the name (which is cached
 * as a placeholder): the id, level, job, zeny, or a context value (strings of 3+ characters,
 * numbers of 2+ digits), as a whole word of `say` or of the action's arguments, or the name in the
 * arguments. Such an answer is about this player, not about the question.
 */
export function quotesPlayer(body: DecisionBody, request: DecisionRequest): boolean {
  const p = request.player;
  const values: string[] = [p.id];
  if (p.job) values.push(p.job);
  if (p.level !== undefined) values.push(String(p.level));
  if (p.zeny !== undefined) values.push(String(p.zeny), p.zeny.toLocaleString('en-US'));
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === 'string' && v.trim().length >= 3) values.push(v.trim());
    if (typeof v === 'number' && Math.abs(v) >= 10) values.push(String(v));
  }
  const args = 'args' in body.action ? JSON.stringify(body.action.args ?? {}) : '';
  // The name is templated in `say` only: in the arguments it is this player's.
  if (p.name && args.includes(p.name)) return true;
  const text = `${body.say}\n${args}`.toLowerCase();
  return values.some((v) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(v.toLowerCase())}(?![\\p{L}\\p{N}])`, 'u').test(text));
}

function pick(seed: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}
