/**
 * Shared knowledge: world events (`POST /v1/events`) kept in PostgreSQL and, the recent ones, in a
 * Redis list every NPC reads with its memory (same round trip). Expired events and events meant for
 * other NPCs are filtered when read; the list is trimmed on every write.
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { agentKeys, WorldEvent, type Npc, type WorldEventData } from '@npc/contracts';

type RedisLike = Redis | Cluster;

/** A recorded event from its input (id, creation and expiry stamped). */
export function makeWorldEvent(input: WorldEventData, now = Date.now(), id: string = randomUUID()): WorldEvent {
  const { ttlS, ...rest } = input;
  return { ...rest, id, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + ttlS * 1000).toISOString() };
}

/** Parsed events by their JSON (the same few events are read with every decision). */
const parsedEvents = new Map<string, { e: WorldEvent; expires: number; created: number } | null>();

function parseEvent(raw: string): { e: WorldEvent; expires: number; created: number } | null {
  const hit = parsedEvents.get(raw);
  if (hit !== undefined) return hit;
  let out: { e: WorldEvent; expires: number; created: number } | null = null;
  try {
    const parsed = WorldEvent.safeParse(JSON.parse(raw));
    if (parsed.success) out = { e: parsed.data, expires: Date.parse(parsed.data.expiresAt), created: Date.parse(parsed.data.createdAt) };
  } catch {
    out = null;
  }
  if (parsedEvents.size >= 1000) parsedEvents.clear();
  parsedEvents.set(raw, out);
  return out;
}

/** Parses the Redis list's JSON entries: the unexpired events `npcId` hears of, most important then newest first. */
export function eventsFor(raw: readonly string[], npcId: string | undefined, now: number): WorldEvent[] {
  const out: { e: WorldEvent; created: number }[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const p = parseEvent(r);
    if (!p) continue;
    const e = p.e;
    if (seen.has(e.id) || p.expires <= now) continue;
    if (npcId && e.npcIds && !e.npcIds.includes(npcId)) continue;
    seen.add(e.id);
    out.push({ e, created: p.created });
  }
  return out.sort((a, b) => b.e.importance - a.e.importance || b.created - a.created).map((x) => x.e);
}

/** Shop and buy-back prices after the unexpired `price_change` events (factor per item). */
export function applyWorldPrices<T extends Pick<Npc, 'services'>>(npc: T, news: readonly WorldEvent[]): T {
  const factors = new Map<string, number>();
  for (const e of news) {
    if (e.type !== 'price_change' || !e.item || e.priceFactor === undefined) continue;
    const k = e.item.toLowerCase();
    if (!factors.has(k)) factors.set(k, e.priceFactor); // the most important (first) wins
  }
  if (factors.size === 0) return npc;
  const s = npc.services;
  const scale = (item: string, price: number): number => {
    const f = factors.get(item.toLowerCase());
    return f === undefined ? price : Math.min(2_000_000_000, Math.max(0, Math.round(price * f)));
  };
  return {
    ...npc,
    services: {
      ...s,
      ...(s.shop ? { shop: s.shop.map((e) => ({ ...e, price: scale(e.item, e.price) })) } : {}),
      ...(s.buys ? { buys: s.buys.map((e) => ({ ...e, price: scale(e.item, e.price) })) } : {}),
    },
  };
}

export interface WorldKnowledgeOptions {
  /** Events kept in Redis (newest). Default 50. */
  maxRecent?: number;
}

export class WorldKnowledge {
  readonly key: string;
  readonly maxRecent: number;

  constructor(private readonly redis: RedisLike, prefix: string, opts: WorldKnowledgeOptions = {}) {
    this.key = agentKeys(prefix).worldRecent;
    this.maxRecent = opts.maxRecent ?? 50;
  }

  /** Makes an event known to every NPC (the caller stores it in PostgreSQL first). */
  async publish(event: WorldEvent): Promise<void> {
    await this.redis.multi().lpush(this.key, JSON.stringify(event)).ltrim(this.key, 0, this.maxRecent - 1).exec();
  }

  /** Puts events back after Redis lost them (e.g. at gateway start, from PostgreSQL), when the list is empty. */
  async restore(events: readonly WorldEvent[]): Promise<number> {
    if (events.length === 0 || (await this.redis.exists(this.key))) return 0;
    const newestLast = [...events].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).slice(-this.maxRecent);
    await this.redis.multi().lpush(this.key, ...newestLast.map((e) => JSON.stringify(e))).ltrim(this.key, 0, this.maxRecent - 1).exec();
    return newestLast.length;
  }

  /** Unexpired events (all, or those `npcId` hears of). */
  async recent(npcId?: string, now = Date.now()): Promise<WorldEvent[]> {
    return eventsFor(await this.redis.lrange(this.key, 0, this.maxRecent - 1), npcId, now);
  }
}
