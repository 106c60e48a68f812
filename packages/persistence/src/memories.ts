import type { Kysely } from 'kysely';
import { Memory, PlayerMemoryState, type MemoryOp } from '@npc/contracts';
import type { Database, NewNpcMemoryRow, NpcMemoryRow } from './schema';

const toJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

function toRow(npcId: string, playerId: string, name: string | undefined, m: Memory): NewNpcMemoryRow {
  return {
    npc_id: npcId,
    player_id: playerId,
    id: m.id,
    kind: m.kind,
    text: m.text,
    importance: m.importance,
    facts: toJson(m.facts),
    tally: toJson(m.tally),
    player_name: name ?? null,
    created_at: new Date(m.at),
  };
}

/** Row → contract `Memory` (null when a row no longer parses, e.g. written by a newer version). */
export function rowToMemory(row: NpcMemoryRow): Memory | null {
  const r = Memory.safeParse({
    id: row.id,
    kind: row.kind,
    text: row.text,
    importance: row.importance,
    at: row.created_at.getTime(),
    ...(row.facts ? { facts: row.facts } : {}),
    ...(row.tally ? { tally: row.tally } : {}),
  });
  return r.success ? r.data : null;
}

/**
 * The durable copy of NPC memories (the hot set lives in Redis; the gateway's stream writer, packages/pipeline/src/logs,
 * feeds this from the `mem-log` stream). Writes are idempotent: a replayed batch changes nothing.
 */
export class MemoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Applies streamed changes, in one transaction and at most three statements plus one delete per
   * player whose memories were folded: episodes folded within the same batch are never inserted,
   * and only the last reflection of a player counts. The result equals applying them one by one.
   */
  async apply(ops: readonly MemoryOp[]): Promise<void> {
    if (ops.length === 0) return;
    const pairKey = (npcId: string, playerId: string) => `${npcId}\u0001${playerId}`;
    const folded = new Map<string, Set<string>>();
    const reflections = new Map<string, NewNpcMemoryRow>();
    for (const op of ops) {
      if (op.op !== 'reflect') continue;
      const k = pairKey(op.npcId, op.playerId);
      const set = folded.get(k) ?? new Set<string>();
      for (const id of op.folded) if (id !== 'reflection') set.add(id);
      folded.set(k, set);
      reflections.set(k, toRow(op.npcId, op.playerId, op.name, op.reflection));
    }
    const adds = ops.flatMap((op) => (op.op === 'add' && !folded.get(pairKey(op.npcId, op.playerId))?.has(op.memory.id)
      ? [toRow(op.npcId, op.playerId, op.name, op.memory)] : []));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < adds.length; i += 500) {
        await trx.insertInto('npc_memories').values(adds.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['npc_id', 'player_id', 'id']).doNothing()).execute();
      }
      if (reflections.size) {
        await trx.insertInto('npc_memories').values([...reflections.values()])
          .onConflict((oc) => oc.columns(['npc_id', 'player_id', 'id']).doUpdateSet((eb) => ({
            text: eb.ref('excluded.text'), importance: eb.ref('excluded.importance'), tally: eb.ref('excluded.tally'),
            created_at: eb.ref('excluded.created_at'), player_name: eb.ref('excluded.player_name'),
          })))
          .execute();
      }
      for (const [k, ids] of folded) {
        if (ids.size === 0) continue;
        const [npcId = '', playerId = ''] = k.split('\u0001');
        await trx.deleteFrom('npc_memories').where('npc_id', '=', npcId).where('player_id', '=', playerId).where('id', 'in', [...ids]).execute();
      }
    });
  }

  /** What an NPC remembers of a player, newest first (`limit` episodes, plus the reflection). */
  async list(npcId: string, playerId: string, limit = 50): Promise<Memory[]> {
    const rows = await this.db.selectFrom('npc_memories').selectAll()
      .where('npc_id', '=', npcId).where('player_id', '=', playerId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    return rows.map(rowToMemory).filter((m): m is Memory => m !== null);
  }

  /**
   * Rebuilds the hot set after Redis lost it (a cold load): the newest `maxEpisodes` episodes and the
   * reflection. Visits are approximated by the memories kept (PostgreSQL does not count chit-chat).
   */
  async load(npcId: string, playerId: string, maxEpisodes = 12): Promise<PlayerMemoryState | null> {
    const rows = await this.db.selectFrom('npc_memories').selectAll()
      .where('npc_id', '=', npcId).where('player_id', '=', playerId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(maxEpisodes + 1).execute();
    if (rows.length === 0) return null;
    const reflectionRow = rows.find((r) => r.id === 'reflection')
      ?? await this.db.selectFrom('npc_memories').selectAll()
        .where('npc_id', '=', npcId).where('player_id', '=', playerId).where('id', '=', 'reflection').executeTakeFirst();
    const reflection = reflectionRow ? rowToMemory(reflectionRow) : null;
    const episodes = rows.filter((r) => r.id !== 'reflection').slice(0, maxEpisodes).map(rowToMemory)
      .filter((m): m is Memory => m !== null).reverse();
    const times = [...episodes.map((m) => m.at), ...(reflection ? [reflection.tally?.since ?? reflection.at, reflection.at] : [])];
    const name = rows.find((r) => r.player_name)?.player_name ?? undefined;
    const state = PlayerMemoryState.safeParse({
      npcId, playerId, ...(name ? { name } : {}),
      firstSeen: Math.min(...times), lastSeen: Math.max(...times),
      visits: episodes.length + (reflection?.tally?.episodes ?? 0),
      episodes, ...(reflection ? { reflection } : {}),
    });
    return state.success ? state.data : null;
  }
}
