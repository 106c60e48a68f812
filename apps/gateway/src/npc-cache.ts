import type { Redis } from 'ioredis';
import { Npc, redisKeys } from '@npc/contracts';
import { TtlCache } from './ttl-cache';

export interface NpcStore {
  get(id: string): Promise<Npc | null>;
}

/**
 * NPC registry reads on the hot path: in-process cache → Redis read-through cache → PostgreSQL.
 * A PUT writes the new Redis copy and publishes an invalidation every gateway applies at once.
 * The Redis copy is also what stages resolve a job's NPC reference from (`StageNpcs`), so it is
 * kept alive while any gateway uses it: reading it renews its TTL (GETEX), and a copy read from
 * PostgreSQL is written back before the NPC is used.
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
    const raw = await this.redis.getex(this.keys.npc(id), 'EX', this.redisTtlS).catch(() => null);
    if (raw) npc = Npc.parse(JSON.parse(raw));
    else {
      npc = await this.store.get(id);
      if (npc) await this.redis.set(this.keys.npc(id), JSON.stringify(npc), 'EX', this.redisTtlS).catch(() => undefined);
    }
    // Unknown NPCs are remembered briefly so a misconfigured caller cannot hammer PostgreSQL.
    this.local.set(id, npc, npc ? this.ttlMs : Math.min(this.ttlMs, 1000));
    return npc;
  }

  /** After a PUT: the new version in Redis, every in-process copy dropped (here and, through pub/sub, on every gateway). */
  async invalidate(id: string, npc?: Npc): Promise<void> {
    this.local.delete(id);
    const write = npc ? this.redis.multi().set(this.keys.npc(id), JSON.stringify(npc), 'EX', this.redisTtlS) : this.redis.multi().del(this.keys.npc(id));
    await write.publish(this.keys.npcInvalidation, id).exec();
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
