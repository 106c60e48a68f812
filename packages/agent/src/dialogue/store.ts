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

/**
 * Our own JSON back (written by `save` from a `DialogueState`): a light shape check on the hot path,
 * the full schema only when the light check fails (an old or foreign value is dropped, not trusted).
 */
export function parseDialogue(raw: string): DialogueState | undefined {
  try {
    const v = JSON.parse(raw) as DialogueState;
    if (typeof v === 'object' && v !== null && typeof v.at === 'number' && typeof v.lang === 'string' && Array.isArray(v.said)) return v;
    const parsed = DialogueState.safeParse(v);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class DialogueStore {
  private readonly keys;
  readonly ttlMs: number;

  constructor(private readonly redis: RedisLike, prefix: string, opts: { ttlMs?: number } = {}) {
    this.keys = agentKeys(prefix);
    this.ttlMs = opts.ttlMs ?? DEFAULT_DIALOGUE_TTL_MS;
  }

  async load(npcId: string, playerId: string): Promise<DialogueState | undefined> {
    const raw = await this.redis.get(this.keys.dialogue(npcId, playerId));
    return raw ? parseDialogue(raw) : undefined;
  }

  async save(npcId: string, playerId: string, state: DialogueState): Promise<void> {
    await this.redis.set(this.keys.dialogue(npcId, playerId), JSON.stringify(state), 'PX', this.ttlMs);
  }

  async forget(npcId: string, playerId: string): Promise<void> {
    await this.redis.del(this.keys.dialogue(npcId, playerId));
  }
}
