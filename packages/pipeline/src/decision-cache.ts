import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { decisionBodyFor, type DecisionBody, type DecisionRequest, type Npc } from '@npc/contracts';
import type { Recognition } from '@npc/rules';

export interface DecisionCacheOptions {
  prefix: string;
  /** Exact cache (same NPC, same normalised text, same allowed actions): seconds, 0 = off. */
  exactTtlS: number;
  /** Intent-level cache (same NPC, intent and slot values): seconds, 0 = off. */
  intentTtlS: number;
  /** How many different answers the intent-level cache keeps per key (picked by decision id). */
  variants?: number;
}

const PLAYER = '{{player}}';
const hash = (parts: string[]) => createHash('sha1').update(parts.join('\u0001')).digest('base64url');

/**
 * Paid (LLM) answers, kept to answer the same question again for free (`source: cache`, cost 0).
 * Two levels: exact (normalised text + NPC version + allowed actions + the player's level band) and
 * intent (intent + slot values + NPC version + allowed actions; a few variants per key). Player
 * names are stored as a placeholder and filled in for the player asking. An NPC update (PUT)
 * changes its `updatedAt`, so its old answers are never served again.
 */
export class DecisionCache {
  private readonly variants: number;

  constructor(
    private readonly redis: Redis,
    private readonly opts: DecisionCacheOptions,
  ) {
    this.variants = opts.variants ?? 3;
  }

  get enabled(): boolean {
    return this.opts.exactTtlS > 0 || this.opts.intentTtlS > 0;
  }

  keys(npc: Npc, request: DecisionRequest, recognition: Recognition): { exact: string | null; intent: string | null } {
    const base = [npc.id, npc.updatedAt, [...request.allowedActions].sort().join(',')];
    const band = String(Math.floor((request.player.level ?? 0) / 10));
    const exact = this.opts.exactTtlS > 0 && recognition.normalized
      ? `${this.opts.prefix}:cache:x:${hash([...base, request.event.type, band, recognition.normalized])}`
      : null;
    const i = recognition.intent;
    const intent = this.opts.intentTtlS > 0 && i.name !== 'unknown' && !recognition.injection
      ? `${this.opts.prefix}:cache:i:${hash([...base, i.name, JSON.stringify(recognition.slots)])}`
      : null;
    return { exact, intent };
  }

  /** A cached answer for this request, personalised and validated, or null. */
  async get(npc: Npc, request: DecisionRequest, recognition: Recognition, seed: string): Promise<DecisionBody | null> {
    const { exact, intent } = this.keys(npc, request, recognition);
    if (!exact && !intent) return null;
    const pipe = this.redis.pipeline();
    if (exact) pipe.get(exact);
    if (intent) pipe.lrange(intent, 0, this.variants - 1);
    const results = (await pipe.exec()) ?? [];
    let raw: string | null = null;
    let k = 0;
    if (exact) raw = (results[k++]?.[1] as string | null) ?? null;
    if (!raw && intent) {
      const list = (results[k]?.[1] as string[] | undefined) ?? [];
      if (list.length) raw = list[pick(seed, list.length)] ?? null;
    }
    if (!raw) return null;
    const name = request.player.name ?? 'traveller';
    const parsed = decisionBodyFor(request.allowedActions).safeParse(JSON.parse(raw.split(PLAYER).join(name)));
    return parsed.success ? parsed.data : null;
  }

  /** Keeps a paid answer for later requests. */
  async put(npc: Npc, request: DecisionRequest, recognition: Recognition, body: DecisionBody): Promise<void> {
    const { exact, intent } = this.keys(npc, request, recognition);
    const name = request.player.name;
    const generic: DecisionBody = name ? { ...body, say: body.say.split(name).join(PLAYER) } : body;
    const json = JSON.stringify(generic);
    const pipe = this.redis.pipeline();
    if (exact) pipe.set(exact, json, 'EX', this.opts.exactTtlS);
    if (intent) pipe.lpush(intent, json).ltrim(intent, 0, this.variants - 1).expire(intent, this.opts.intentTtlS);
    await pipe.exec();
  }
}

function pick(seed: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}
