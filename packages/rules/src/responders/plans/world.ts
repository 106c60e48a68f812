/**
 * Questions about the game world the server's own data answers ("where do porings live?", "what
 * level is Baphomet?", "what lives on prt_fild08?"): facts from the world knowledge imported from
 * the server (packages/world). Nothing imported, or nothing named: no candidates.
 */
import { installedWorld, mapFact, monsterFact, type MapLabel } from '@npc/world';
import { TOWNS } from '../../lexicon';
import type { Ctx } from '../context';
import { emote, talk, type Candidate } from '../moves';

/** "Prontera Fields (prt_fild08)" for maps the lexicon names, else the map name. */
const mapLabel: MapLabel = (map) => {
  const t = TOWNS.find((town) => town.map === map);
  return t ? (t.kind === 'town' ? t.name : `${t.name} (${map})`) : map;
};

export function planWorld(ctx: Ctx): Candidate[] {
  const kb = installedWorld();
  const text = ctx.request.event.text;
  if (!kb || !text) return [];
  const monster = kb.monstersIn(text)[0];
  if (monster) return [talk(ctx, 'info', monsterFact(kb, monster, mapLabel).slice(0, 240), 'e_hmm'), emote('e_hmm')];
  for (const m of text.toLowerCase().match(/\b[a-z0-9]+_[a-z0-9_]+\b/g) ?? []) {
    const fact = kb.map(m) ? mapFact(kb, m, mapLabel) : undefined;
    if (fact) return [talk(ctx, 'info', fact.slice(0, 240), 'e_hmm'), emote('e_hmm')];
  }
  return [];
}
