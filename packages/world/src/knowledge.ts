/**
 * `WorldKnowledge`: lookups into an imported world (data.ts), built once when it is loaded.
 * Items by id, AegisName or name (plural or singular, any case and accents), monsters by name with
 * where they spawn, maps, and the shops selling an item. Where names collide (rAthena has several
 * "Red Potion"s) the one a shop sells wins, then the lowest id.
 */
import type { WorldData, WorldItem, WorldMap, WorldMonster, WorldShop, WorldSpawn } from './data';
import { mentions, nameKeys, simplify } from './names';

export interface SpawnPlace {
  map: string;
  count: number;
  boss: boolean;
}

export interface WorldStats {
  items: number;
  monsters: number;
  maps: number;
  shops: number;
  warps: number;
  spawns: number;
}

export interface ItemIdentity {
  itemId: number;
  aegisName: string;
}

/** Prefers `b` over `a` when both carry one name: a shop item first, then the lower id. */
function better<T extends { id: number }>(a: T | undefined, b: T, rank: (t: T) => number): T {
  if (!a) return b;
  const ra = rank(a);
  const rb = rank(b);
  if (rb !== ra) return rb > ra ? b : a;
  return b.id < a.id ? b : a;
}

export class WorldKnowledge {
  private readonly itemsById = new Map<number, WorldItem>();
  private readonly itemsByAegis = new Map<string, WorldItem>();
  private readonly itemsByName = new Map<string, WorldItem>();
  private readonly monstersById = new Map<number, WorldMonster>();
  private readonly monstersByName = new Map<string, WorldMonster>();
  private readonly mapsByName = new Map<string, WorldMap>();
  private readonly spawnsByMonster = new Map<number, SpawnPlace[]>();
  private readonly shopsByItem = new Map<number, WorldShop[]>();
  private readonly spawnsByMap = new Map<string, Array<{ monster: WorldMonster; count: number }>>();
  /** Longest item / monster name in words (for scanning text). */
  private readonly maxItemWords: number;
  private readonly maxMonsterWords: number;

  constructor(readonly data: WorldData) {
    for (const s of data.shops) {
      for (const e of s.items) {
        const list = this.shopsByItem.get(e.id) ?? [];
        if (!list.includes(s)) list.push(s);
        this.shopsByItem.set(e.id, list);
      }
    }
    const spawned = new Map<number, number>();
    for (const sp of data.spawns) spawned.set(sp.monster, (spawned.get(sp.monster) ?? 0) + sp.count);
    const sold = (i: WorldItem) => (this.shopsByItem.has(i.id) ? 2 : 0) + (i.buy > 0 ? 1 : 0);
    const seen = (m: WorldMonster) => (spawned.get(m.id) ?? 0) > 0 ? 1 : 0;
    let maxItemWords = 1;
    for (const i of data.items) {
      this.itemsById.set(i.id, i);
      this.itemsByAegis.set(i.aegis.toLowerCase(), i);
      const k = simplify(i.name);
      if (k) this.itemsByName.set(k, better(this.itemsByName.get(k), i, sold));
      maxItemWords = Math.max(maxItemWords, simplify(i.name).split(' ').length);
    }
    let maxMonsterWords = 1;
    for (const m of data.monsters) {
      this.monstersById.set(m.id, m);
      const k = simplify(m.name);
      if (k) this.monstersByName.set(k, better(this.monstersByName.get(k), m, seen));
      maxMonsterWords = Math.max(maxMonsterWords, simplify(m.name).split(' ').length);
    }
    this.maxItemWords = Math.min(maxItemWords, 6);
    this.maxMonsterWords = Math.min(maxMonsterWords, 5);
    for (const map of data.maps) this.mapsByName.set(map.name.toLowerCase(), map);
    const places = new Map<number, Map<string, SpawnPlace>>();
    for (const sp of data.spawns) {
      const byMap = places.get(sp.monster) ?? new Map<string, SpawnPlace>();
      const p = byMap.get(sp.map) ?? { map: sp.map, count: 0, boss: false };
      p.count += sp.count;
      p.boss ||= sp.boss === true;
      byMap.set(sp.map, p);
      places.set(sp.monster, byMap);
    }
    for (const [id, byMap] of places) {
      this.spawnsByMonster.set(id, [...byMap.values()].sort((a, b) => b.count - a.count || (a.map < b.map ? -1 : 1)));
      const monster = this.monstersById.get(id);
      if (!monster) continue;
      for (const p of byMap.values()) {
        const list = this.spawnsByMap.get(p.map) ?? [];
        list.push({ monster, count: p.count });
        this.spawnsByMap.set(p.map, list);
      }
    }
    for (const list of this.spawnsByMap.values()) list.sort((a, b) => b.count - a.count || a.monster.id - b.monster.id);
  }

  stats(): WorldStats {
    const d = this.data;
    return { items: d.items.length, monsters: d.monsters.length, maps: d.maps.length, shops: d.shops.length, warps: d.warps.length, spawns: d.spawns.length };
  }

  /** An item by id (a number or digits), AegisName (`Red_Potion`) or name ("red potions"). */
  item(query: string | number): WorldItem | undefined {
    if (typeof query === 'number') return this.itemsById.get(query);
    const q = query.trim();
    if (/^\d+$/.test(q)) return this.itemsById.get(Number(q));
    return this.itemsByAegis.get(q.toLowerCase()) ?? this.byName(this.itemsByName, q);
  }

  /** The id and AegisName a script needs for an item name, when the server knows it. */
  identity(name: string): ItemIdentity | undefined {
    const i = this.item(name);
    return i ? { itemId: i.id, aegisName: i.aegis } : undefined;
  }

  monster(query: string | number): WorldMonster | undefined {
    if (typeof query === 'number') return this.monstersById.get(query);
    const q = query.trim();
    if (/^\d+$/.test(q)) return this.monstersById.get(Number(q));
    return this.byName(this.monstersByName, q);
  }

  /** Where a monster spawns, most numerous first. */
  spawnsOf(monster: WorldMonster | number): SpawnPlace[] {
    return this.spawnsByMonster.get(typeof monster === 'number' ? monster : monster.id) ?? [];
  }

  /** The monsters that spawn on a map, most numerous first. */
  monstersOn(map: string): Array<{ monster: WorldMonster; count: number }> {
    return this.spawnsByMap.get(map) ?? [];
  }

  map(name: string): WorldMap | undefined {
    return this.mapsByName.get(name.trim().toLowerCase());
  }

  /** Shops that sell an item, with the price each asks. */
  shopsSelling(item: WorldItem | number): Array<{ shop: WorldShop; price: number }> {
    const id = typeof item === 'number' ? item : item.id;
    return (this.shopsByItem.get(id) ?? []).map((shop) => ({ shop, price: shop.items.find((e) => e.id === id)?.price ?? 0 }));
  }

  /** Items named in a text, longest names first, each once. */
  itemsIn(text: string): WorldItem[] {
    return mentions(text, this.maxItemWords, (k) => this.itemsByName.get(k));
  }

  /** Monsters named in a text, longest names first, each once. */
  monstersIn(text: string): WorldMonster[] {
    return mentions(text, this.maxMonsterWords, (k) => this.monstersByName.get(k));
  }

  /** Item names as a lexicon would list them: every item an NPC could trade (a shop sells it or it has a price). */
  tradeableItems(): WorldItem[] {
    const out: WorldItem[] = [];
    for (const i of new Set(this.itemsByName.values())) if (i.buy > 0 || this.shopsByItem.has(i.id)) out.push(i);
    return out.sort((a, b) => a.id - b.id);
  }

  private byName<T>(index: ReadonlyMap<string, T>, q: string): T | undefined {
    for (const k of nameKeys(q)) {
      const hit = index.get(k);
      if (hit) return hit;
    }
    return undefined;
  }
}

export type { WorldItem, WorldMonster, WorldMap, WorldShop, WorldSpawn };
