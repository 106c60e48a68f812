/**
 * Items: `db/item_db.yml` and its imports (rAthena since 2020: Id, AegisName, Name, Type, Buy,
 * Sell, Weight, Slots, Locations…), or the older CSV `db/{pre-re,re}/item_db.txt`
 * (`ID,AegisName,Name,Type,Buy,Sell,Weight,…`) on servers that never moved to YAML.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RathenaMode, WorldItem } from '../data';
import { csvFields, readTextDbs } from './text-db';
import { mergeById, num, readYamlDb, str } from './yaml-db';

export interface ParsedItems {
  items: WorldItem[];
  files: string[];
  missing: string[];
}

/** Buy defaults to twice Sell and Sell to half of Buy, as rAthena fills them. */
function prices(buy: number | undefined, sell: number | undefined): { buy: number; sell: number } {
  const b = buy ?? (sell !== undefined ? sell * 2 : 0);
  const s = sell ?? Math.floor(b / 2);
  return { buy: Math.max(0, b), sell: Math.max(0, s) };
}

export function itemFromYaml(e: Record<string, unknown>): WorldItem | undefined {
  const id = num(e.Id);
  const aegis = str(e.AegisName);
  if (id === undefined || id < 1 || !aegis) return undefined;
  const { buy, sell } = prices(num(e.Buy), num(e.Sell));
  const locs = e.Locations && typeof e.Locations === 'object'
    ? Object.entries(e.Locations as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k).slice(0, 16)
    : [];
  const slots = num(e.Slots);
  return {
    id, aegis: aegis.slice(0, 64), name: (str(e.Name) ?? aegis).slice(0, 128), type: (str(e.Type) ?? 'Etc').slice(0, 32),
    buy, sell, weight: Math.max(0, num(e.Weight) ?? 0),
    ...(slots ? { slots } : {}), ...(locs.length > 0 ? { locations: locs } : {}),
  };
}

/** The old numeric item types of item_db.txt (4 and 5 as that file writes them). */
const TXT_TYPES: Record<number, string> = {
  0: 'Healing', 2: 'Usable', 3: 'Etc', 4: 'Weapon', 5: 'Armor', 6: 'Card', 7: 'PetEgg', 8: 'PetArmor', 10: 'Ammo',
  11: 'DelayConsume', 12: 'ShadowGear', 18: 'Cash',
};

export function itemFromTxt(line: string): WorldItem | undefined {
  const f = csvFields(line);
  const id = num(f[0]);
  const aegis = f[1]?.trim();
  if (id === undefined || id < 1 || !aegis) return undefined;
  const { buy, sell } = prices(f[4]?.trim() ? num(f[4]) : undefined, f[5]?.trim() ? num(f[5]) : undefined);
  const slots = num(f[10]);
  return {
    id, aegis: aegis.slice(0, 64), name: (f[2]?.trim() || aegis).slice(0, 128), type: TXT_TYPES[num(f[3]) ?? 3] ?? 'Etc',
    buy, sell, weight: Math.max(0, num(f[6]) ?? 0), ...(slots ? { slots } : {}),
  };
}

export function parseItems(dir: string, mode: RathenaMode): ParsedItems {
  if (existsSync(resolve(dir, 'db/item_db.yml'))) {
    const read = readYamlDb(dir, 'db/item_db.yml', mode);
    const items = mergeById(read.entries).map(itemFromYaml).filter((i): i is WorldItem => i !== undefined);
    return { items: items.sort((a, b) => a.id - b.id), files: read.files, missing: read.missing };
  }
  // Before 2020: CSV files, the mode's then the server's own import.
  const read = readTextDbs(dir, [`db/${mode}/item_db.txt`, 'db/item_db2.txt', 'db/import/item_db.txt'], itemFromTxt);
  return { items: read.values, files: read.files, missing: read.missing };
}
