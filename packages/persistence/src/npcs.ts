import type { z } from 'zod';
import type { Kysely } from 'kysely';
import { ExternalId, Npc, type NpcInput } from '@npc/contracts';
import type { Database, NpcRow } from './schema';

/** `PUT /v1/npcs/{id}` body after `NpcInput.parse` (defaults applied). */
export type NpcData = z.output<typeof NpcInput>;

const toJson = (value: unknown) => JSON.stringify(value);

/** Row → contract `Npc` (ISO datetimes; no `behaviorTree` key when none is stored). */
export function rowToNpc(row: NpcRow): Npc {
  return Npc.parse({
    id: row.id,
    name: row.name,
    role: row.role,
    personality: row.personality,
    background: row.background,
    services: row.services,
    ...(row.behavior_tree !== null && { behaviorTree: row.behavior_tree }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
}

export class NpcRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string): Promise<Npc | null> {
    const row = await this.db.selectFrom('npcs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToNpc(row) : null;
  }

  /**
   * Registers the NPC or replaces every field of an existing one (`updatedAt` moves, `createdAt`
   * stays). A `behaviorTree` of `undefined` or `null` is stored as none.
   */
  async upsert(id: string, input: NpcData): Promise<{ npc: Npc; created: boolean }> {
    ExternalId.parse(id); // never store a row that `get` could not return as an Npc
    const fields = {
      name: input.name,
      role: input.role,
      personality: toJson(input.personality),
      background: input.background,
      services: toJson(input.services),
      behavior_tree: input.behaviorTree === undefined || input.behaviorTree === null ? null : toJson(input.behaviorTree),
    };
    // Insert-or-nothing, then update: tells "created" from "updated" without relying on
    // system columns, and stays correct when two callers register the same id at once.
    const inserted = await this.db
      .insertInto('npcs')
      .values({ id, ...fields })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { npc: rowToNpc(inserted), created: true };

    const updated = await this.db
      .updateTable('npcs')
      .set((eb) => ({ ...fields, updated_at: eb.fn<Date>('now') }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { npc: rowToNpc(updated), created: false };
  }
}
