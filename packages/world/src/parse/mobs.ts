/**
 * Monsters: `db/mob_db.yml` and its imports (Id, AegisName, Name, Level, Hp, Race, Element,
 * ElementLevel, Size, BaseExp, JobExp, MvpExp, Drops…), or the older CSV `db/{pre-re,re}/mob_db.txt`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RathenaMode, WorldItem, WorldMonster } from '../data';
import { csvFields, readTextDbs } from './text-db';
import { mergeById, num, readYamlDb, str } from './yaml-db';

export interface ParsedMonsters {
  monsters: WorldMonster[];
  files: string[];
  missing: string[];
}

const MAX_DROPS = 12;

type Drop = { item: string; rate: number };
const topDrops = (drops: Drop[]): Drop[] => drops.filter((d) => d.item && d.rate > 0).sort((a, b) => b.rate - a.rate).slice(0, MAX_DROPS);

export function monsterFromYaml(e: Record<string, unknown>): WorldMonster | undefined {
  const id = num(e.Id);
  const aegis = str(e.AegisName);
  if (id === undefined || id < 1 || !aegis) return undefined;
  const drops: Drop[] = [];
  for (const list of [e.MvpDrops, e.Drops]) {
    if (!Array.isArray(list)) continue;
    for (const d of list as Array<Record<string, unknown>>) {
      const item = str(d?.Item);
      const rate = num(d?.Rate);
      if (item && rate !== undefined) drops.push({ item: item.slice(0, 64), rate });
    }
  }
  const modes = e.Modes && typeof e.Modes === 'object' ? (e.Modes as Record<string, unknown>) : {};
  const mvp = modes.Mvp === true || (num(e.MvpExp) ?? 0) > 0;
  const top = topDrops(drops);
  return {
    id, aegis: aegis.slice(0, 64), name: (str(e.Name) ?? aegis).slice(0, 128),
    level: Math.max(0, num(e.Level) ?? 1), hp: Math.max(0, num(e.Hp) ?? 1),
    race: (str(e.Race) ?? 'Formless').slice(0, 32), element: (str(e.Element) ?? 'Neutral').slice(0, 32),
    elementLevel: Math.min(9, Math.max(0, num(e.ElementLevel) ?? 1)), size: (str(e.Size) ?? 'Small').slice(0, 16),
    baseExp: Math.max(0, num(e.BaseExp) ?? 0), jobExp: Math.max(0, num(e.JobExp) ?? 0),
    ...(mvp ? { mvp: true } : {}), ...(top.length > 0 ? { drops: top } : {}),
  };
}

const TXT_RACES = ['Formless', 'Undead', 'Brute', 'Plant', 'Insect', 'Fish', 'Demon', 'Demihuman', 'Angel', 'Dragon'];
const TXT_ELEMENTS = ['Neutral', 'Water', 'Earth', 'Fire', 'Wind', 'Poison', 'Holy', 'Dark', 'Ghost', 'Undead'];
const TXT_SIZES = ['Small', 'Medium', 'Large'];

/**
 * `ID,Sprite_Name,kROName,iROName,LV,HP,SP,EXP,JEXP,Range1,ATK1,ATK2,DEF,MDEF,STR,AGI,VIT,INT,DEX,LUK,
 * Range2,Range3,Scale,Race,Element,Mode,Speed,aDelay,aMotion,dMotion,MEXP,MVP1id,MVP1per,…,Drop1id,Drop1per,…`;
 * the element is `level × 20 + element`. Drops name item ids; `aegisOf` turns them into AegisNames.
 */
export function monsterFromTxt(line: string, aegisOf: (id: number) => string | undefined): WorldMonster | undefined {
  const f = csvFields(line).map((s) => s.trim());
  const id = num(f[0]);
  const aegis = f[1];
  if (id === undefined || id < 1 || !aegis || f.length < 31) return undefined;
  const ele = num(f[24]) ?? 20;
  const drops: Drop[] = [];
  for (let i = 31; i + 1 < f.length; i += 2) {
    const itemId = num(f[i]);
    const rate = num(f[i + 1]);
    const item = itemId ? aegisOf(itemId) : undefined;
    if (item && rate !== undefined) drops.push({ item, rate });
  }
  const top = topDrops(drops);
  return {
    id, aegis: aegis.slice(0, 64), name: (f[3] || f[2] || aegis).slice(0, 128), level: num(f[4]) ?? 1, hp: num(f[5]) ?? 1,
    race: TXT_RACES[num(f[23]) ?? 0] ?? 'Formless', element: TXT_ELEMENTS[ele % 20] ?? 'Neutral',
    elementLevel: Math.min(9, Math.max(0, Math.floor(ele / 20))), size: TXT_SIZES[num(f[22]) ?? 0] ?? 'Small',
    baseExp: num(f[7]) ?? 0, jobExp: num(f[8]) ?? 0, ...((num(f[30]) ?? 0) > 0 ? { mvp: true } : {}),
    ...(top.length > 0 ? { drops: top } : {}),
  };
}

export function parseMonsters(dir: string, mode: RathenaMode, items: readonly WorldItem[]): ParsedMonsters {
  if (existsSync(resolve(dir, 'db/mob_db.yml'))) {
    const read = readYamlDb(dir, 'db/mob_db.yml', mode);
    const monsters = mergeById(read.entries).map(monsterFromYaml).filter((m): m is WorldMonster => m !== undefined);
    return { monsters: monsters.sort((a, b) => a.id - b.id), files: read.files, missing: read.missing };
  }
  const aegisById = new Map(items.map((i) => [i.id, i.aegis]));
  const read = readTextDbs(dir, [`db/${mode}/mob_db.txt`, 'db/mob_db2.txt', 'db/import/mob_db.txt'], (line) => monsterFromTxt(line, (itemId) => aegisById.get(itemId)));
  return { monsters: read.values, files: read.files, missing: read.missing };
}
