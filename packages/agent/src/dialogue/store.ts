/**
 * The dialogue state of an NPC with a player, in Redis (`agentKeys(prefix).dialogue(npc, player)`,
 * a JSON string with a short TTL, `DIALOGUE_TTL_S`): read with the memory before deciding (same
 * event-loop turn, so one round trip), written after the reply. Best effort: a lost state only
 * means the next message is taken on its own.
 */
import type { Cluster, Redis } from 'ioredis';
import { agentKeys, DialogueState } from '@npc/contracts';

type RedisLike = Redis | Cluster;

export const DEFAULT_DIALOGUE_TTL_MS = 10 * 60_000;

export class DialogueStore {
  private readonly keys;
  readonly ttlMs: number;

  constructor(private readonly redis: RedisLike, prefix: string, opts: { ttlMs?: number } = {}) {
    this.keys = agentKeys(prefix);
    this.ttlMs = opts.ttlMs ?? DEFAULT_DIALOGUE_TTL_MS;
  }

  async load(npcId: string, playerId: string): Promise<DialogueState | undefined> {
    const raw = await this.redis.get(this.keys.dialogue(npcId, playerId));
    if (!raw) return undefined;
    try {
      const parsed = DialogueState.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async save(npcId: string, playerId: string, state: DialogueState): Promise<void> {
    await this.redis.set(this.keys.dialogue(npcId, playerId), JSON.stringify(state), 'PX', this.ttlMs);
  }

  async forget(npcId: string, playerId: string): Promise<void> {
    await this.redis.del(this.keys.dialogue(npcId, playerId));
  }
}
