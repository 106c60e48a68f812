import type { Redis } from 'ioredis';
import { Npc, redisKeys } from '@npc/contracts';
import { TtlCache } from './ttl-cache';

export interface NpcStore {
  get(id: string): Promise<Npc | null>;
}

/**
 * NPC registry reads on the hot path: in-process cache → Redis read-through cache → PostgreSQL.
 * A PUT deletes the Redis copy and publishes an invalidation every gateway applies at once.
 */
export class NpcCache {
  private readonly local = new TtlCache<Npc | null>(50_000);
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    private readonly store: NpcStore,
    prefix: string,
    private readonly ttlMs: number,
    private readonly redisTtlS = 3600,
  ) {
    this.keys = redisKeys(prefix);
  }

  get invalidationChannel(): string {
    return this.keys.npcInvalidation;
  }

  async get(id: string): Promise<Npc | null> {
    const hit = this.local.get(id);
    if (hit !== undefined) return hit;
    let npc: Npc | null = null;
    const raw = await this.redis.get(this.keys.npc(id)).catch(() => null);
    if (raw) npc = Npc.parse(JSON.parse(raw));
    else {
      npc = await this.store.get(id);
      if (npc) await this.redis.set(this.keys.npc(id), JSON.stringify(npc), 'EX', this.redisTtlS).catch(() => undefined);
    }
    // Unknown NPCs are remembered briefly so a misconfigured caller cannot hammer PostgreSQL.
    this.local.set(id, npc, npc ? this.ttlMs : Math.min(this.ttlMs, 1000));
    return npc;
  }

  /** After a PUT: drop every cached copy, here and (through pub/sub) on every gateway. */
  async invalidate(id: string): Promise<void> {
    this.local.delete(id);
    await this.redis.multi().del(this.keys.npc(id)).publish(this.keys.npcInvalidation, id).exec();
  }

  /** Applies an invalidation message from another gateway. */
  drop(id: string): void {
    this.local.delete(id);
  }

  /** The NPC when this process has it cached, without any lookup (for metric labels). */
  peek(id: string): Npc | null | undefined {
    return this.local.get(id);
  }
}
