import type { Cluster, Redis } from 'ioredis';
import { DecisionEnvelope, DecisionJob, Npc, redisKeys, type NpcRef } from '@npc/contracts';

/** The job for an envelope: the NPC by id and version (see `DecisionJob`). */
export function toJob(envelope: DecisionEnvelope): DecisionJob {
  const { npc, ...rest } = envelope;
  return { ...rest, npcRef: { id: npc.id, updatedAt: npc.updatedAt } };
}

/**
 * A stage's NPCs: jobs carry an NPC's id and version (`updatedAt`); the stage keeps the NPCs it
 * has seen and reads Redis's copy (`redisKeys.npc`, written by the gateways, and written through
 * on every PUT) only for an NPC it has not seen or a newer version — so no round trip per job, and
 * no invalidation to listen to: a newer version in a job is the invalidation. A copy newer than the
 * job's is used as it is (the NPC changed meanwhile). No copy in Redis (Redis lost it): the job
 * fails, is retried, and the gateway answers at the deadline meanwhile.
 */
export class StageNpcs {
  private readonly local = new Map<string, Npc>();
  private readonly keys;

  constructor(private readonly redis: Redis | Cluster, prefix: string, private readonly max = 10_000) {
    this.keys = redisKeys(prefix);
  }

  /** A job's envelope with its NPC resolved; a whole envelope (older gateway, tests) is parsed as it is. */
  async envelopeOf(data: unknown): Promise<DecisionEnvelope> {
    if (typeof data !== 'object' || data === null || !('npcRef' in data)) return DecisionEnvelope.parse(data);
    const { npcRef, ...rest } = DecisionJob.parse(data);
    return { ...rest, npc: await this.npc(npcRef) };
  }

  private async npc(ref: NpcRef): Promise<Npc> {
    // ISO-8601 UTC timestamps of one format order as strings.
    const held = this.local.get(ref.id);
    if (held && held.updatedAt >= ref.updatedAt) return held;
    const raw = await this.redis.get(this.keys.npc(ref.id));
    if (!raw) throw new Error(`NPC ${ref.id} has no copy in Redis: this job cannot be answered here`);
    const npc = Npc.parse(JSON.parse(raw));
    if (npc.updatedAt < ref.updatedAt) throw new Error(`NPC ${ref.id}: Redis holds version ${npc.updatedAt}, the job needs ${ref.updatedAt}`);
    if (this.local.size >= this.max && !this.local.has(ref.id)) this.local.clear();
    this.local.set(ref.id, npc);
    return npc;
  }
}
