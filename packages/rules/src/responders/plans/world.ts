/**
 * Questions about the game world the server's own data answers ("where do porings live?", "what
 * level is Baphomet?", "what lives on prt_fild08?"): facts from the world knowledge imported from
 * the server (packages/world), said in the player's language (the catalog's `world` lines; monster,
 * item and map names stay the game's). Nothing imported, or nothing named: no candidates.
 */
import { installedWorld, mapMonsters, monsterFactParts, type MapLabel, type MonsterFactParts } from '@npc/world';
import { TOWNS } from '../../lexicon';
import type { Ctx } from '../context';
import type { Catalog } from '../i18n/index';
import { emote, talk, type Candidate } from '../moves';
import { list } from '../text';

/** "Prontera Fields (prt_fild08)" for maps the lexicon names, else the map name. */
const mapLabel: MapLabel = (map) => {
  const t = TOWNS.find((town) => town.map === map);
  return t ? (t.kind === 'town' ? t.name : `${t.name} (${map})`) : map;
};

/** A monster fact in the catalog's language: its race, element and size in the catalog's words (else the server's). */
export function monsterSentence(cat: Catalog, f: MonsterFactParts): string {
  const w = cat.world;
  const element = `${w.elements[f.element] ?? f.element}${f.elementLevel > 1 ? ` ${f.elementLevel}` : ''}`;
  const head = w.monster({ name: f.name, level: f.level, race: w.races[f.race] ?? f.race, element, size: w.sizes[f.size] ?? f.size.toLowerCase(), mvp: f.mvp });
  return `${head}${f.places.length > 0 ? w.livesIn(list(cat, f.places, f.places.length)) : w.roamsNowhere}`;
}

export function planWorld(ctx: Ctx): Candidate[] {
  const kb = installedWorld();
  const text = ctx.request.event.text;
  if (!kb || !text) return [];
  const cat = ctx.voice.cat;
  const monster = kb.monstersIn(text)[0];
  if (monster) return [talk(ctx, 'info', monsterSentence(cat, monsterFactParts(kb, monster, mapLabel)).slice(0, 240), 'e_hmm'), emote('e_hmm')];
  for (const m of text.toLowerCase().match(/\b[a-z0-9]+_[a-z0-9_]+\b/g) ?? []) {
    const mobs = kb.map(m) ? mapMonsters(kb, m) : [];
    if (mobs.length > 0) return [talk(ctx, 'info', cat.world.onMap(mapLabel(m), list(cat, mobs, mobs.length)).slice(0, 240), 'e_hmm'), emote('e_hmm')];
  }
  return [];
}
