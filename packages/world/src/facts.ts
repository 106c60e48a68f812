/**
 * Sentences about the world that an NPC can say or an LLM prompt can hold: a monster's level,
 * race, element and where it spawns; an item's prices and weight; what lives on a map. Built from
 * the imported data only, so they name things as the server does.
 */
import type { WorldItem, WorldMonster } from './data';
import type { WorldKnowledge } from './knowledge';

/** How a map is named to players ("Prontera Fields (prt_fild08)"); default: the map name. */
export type MapLabel = (map: string) => string;
const plainMap: MapLabel = (m) => m;

const list = (xs: string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const zeny = (n: number): string => `${n.toLocaleString('en-US')} zeny`;

/** What a monster fact says, for a sentence in any language (the rules' catalogs build theirs from it). */
export interface MonsterFactParts {
  name: string;
  level: number;
  /** As the server's data names them (`Demihuman`, `Water`, `Medium`): a catalog translates them. */
  race: string;
  element: string;
  elementLevel: number;
  size: string;
  mvp: boolean;
  /** Where it spawns, labelled, at most `maxMaps`. */
  places: string[];
}

export function monsterFactParts(kb: WorldKnowledge, m: WorldMonster, label: MapLabel = plainMap, maxMaps = 3): MonsterFactParts {
  return {
    name: m.name, level: m.level, race: m.race, element: m.element, elementLevel: m.elementLevel, size: m.size, mvp: Boolean(m.mvp),
    places: kb.spawnsOf(m).slice(0, maxMaps).map((p) => label(p.map)),
  };
}

/** "Poring is a level 1 Plant of the Water element (medium size). It lives in prt_fild08, pay_fild01 and …" (English, for prompts). */
export function monsterFact(kb: WorldKnowledge, m: WorldMonster, label: MapLabel = plainMap, maxMaps = 3): string {
  const f = monsterFactParts(kb, m, label, maxMaps);
  const kind = `${f.race === 'Demihuman' ? 'Demi-Human' : f.race}${f.mvp ? ' boss' : ''}`;
  const ele = `${f.element}${f.elementLevel > 1 ? ` ${f.elementLevel}` : ''}`;
  const head = `${f.name} is a level ${f.level} ${kind} of the ${ele} element (${f.size.toLowerCase()} size${f.mvp ? ', an MVP' : ''}).`;
  const where = f.places.length > 0 ? ` It lives in ${list(f.places)}.` : ' It does not roam the fields.';
  return `${head}${where}`;
}

/** "Red Potion sells for 50 zeny in shops, and shops pay 25 zeny for one; it weighs 0.7." */
export function itemFact(kb: WorldKnowledge, i: WorldItem): string {
  const shops = kb.shopsSelling(i);
  const sold = shops.length > 0 ? `${i.name} sells for ${zeny(Math.min(...shops.map((s) => s.price)))} in shops` : i.buy > 0 ? `${i.name} is worth about ${zeny(i.buy)}` : `${i.name} is not sold by NPCs`;
  const pays = i.sell > 0 ? `, and shops pay ${zeny(i.sell)} for one` : '';
  return `${sold}${pays}; it weighs ${(i.weight / 10).toString()}.`;
}

/** The monsters met on a map, at most `max` (empty: none spawn there). */
export function mapMonsters(kb: WorldKnowledge, map: string, max = 4): string[] {
  return kb.monstersOn(map).slice(0, max).map((e) => e.monster.name);
}

/** "On prt_fild08 you meet Poring, Lunatic and Fabre." (English, for prompts). */
export function mapFact(kb: WorldKnowledge, map: string, label: MapLabel = plainMap, max = 4): string | undefined {
  const mobs = mapMonsters(kb, map, max);
  if (mobs.length === 0) return undefined;
  return `On ${label(map)} you meet ${list(mobs)}.`;
}

/**
 * Facts about what a text names (monsters first, then items), at most `max`, for a prompt or a
 * reply. Empty when the text names nothing the server knows.
 */
export function factsAbout(kb: WorldKnowledge, text: string, opts: { max?: number; label?: MapLabel } = {}): string[] {
  const max = opts.max ?? 3;
  const out: string[] = [];
  for (const m of kb.monstersIn(text)) if (out.length < max) out.push(monsterFact(kb, m, opts.label));
  for (const i of kb.itemsIn(text)) if (out.length < max) out.push(itemFact(kb, i));
  return out;
}
