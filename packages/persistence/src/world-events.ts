import type { Kysely } from 'kysely';
import { WorldEvent } from '@npc/contracts';
import type { Database, WorldEventRow } from './schema';

export function rowToWorldEvent(row: WorldEventRow): WorldEvent {
  return WorldEvent.parse({
    id: row.id,
    type: row.type,
    text: row.text,
    ...(row.map ? { map: row.map } : {}),
    ...(row.item ? { item: row.item } : {}),
    ...(row.price_factor !== null ? { priceFactor: row.price_factor } : {}),
    importance: row.importance,
    ...(row.npc_ids ? { npcIds: row.npc_ids } : {}),
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  });
}

/** World events (shared knowledge): every event ever recorded; the recent ones are also in Redis. */
export class WorldEventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(e: WorldEvent): Promise<void> {
    await this.db.insertInto('world_events').values({
      id: e.id,
      type: e.type,
      text: e.text,
      map: e.map ?? null,
      item: e.item ?? null,
      price_factor: e.priceFactor ?? null,
      importance: e.importance,
      npc_ids: e.npcIds ? JSON.stringify(e.npcIds) : null,
      created_at: e.createdAt,
      expires_at: e.expiresAt,
    }).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  /** Unexpired events, newest first. */
  async active(now = new Date(), limit = 50): Promise<WorldEvent[]> {
    const rows = await this.db.selectFrom('world_events').selectAll().where('expires_at', '>', now)
      .orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(rowToWorldEvent);
  }

  async get(id: string): Promise<WorldEvent | null> {
    const row = await this.db.selectFrom('world_events').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToWorldEvent(row) : null;
  }
}
