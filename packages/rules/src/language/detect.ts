/**
 * Which of the supported languages a message is in, from its words alone: each Portuguese,
 * Spanish or Indonesian word of the phrase tables that is not English (nor a game word players use
 * in every language: "pot", "warp", "refine", item and town names) counts for its language (half
 * when two languages share it), and common English words count for English. The best score wins
 * when it is at least 1 and beats English; a message with no evidence ("+7 sword", "wtb pots") has
 * no language, and the caller falls back to the player's hint, the NPC's language, then the
 * server's. Short chat is the hard case, so the word lists, not letter statistics, decide.
 */
import type { Language } from '@npc/contracts';
import { ITEMS, JOBS, PLACES, TOWNS } from '../lexicon';
import { PHRASEBOOKS } from './translate';

const ENGLISH = new Set(`
i me my mine you your yours u ur the an is are am was were be been do does did done can could would will should shall want wanna need needs please pls plz
thanks thank thx ty hello hi hey how where what who why which when to for with of on at and or but this that these those it its some any all much many more
get give take go going gone got have has had sell selling buy buying here there just so too very not yes yeah yep nope okay like know tell let lets about
from into out up down off over again still also only really well good great nice bad new old now then later today tomorrow morning evening night bye goodbye
see soon sorry sure fine we us our they them their he she him her his someone something anything nothing everything way long little big first last next
am im dont cant wont isnt whats wheres hows thats youre ill ive gotta gonna kinda lemme gimme help make made say said think come came look find found
much money price cost costs expensive cheap shop store storage save point quest work job kill killed brought bring finished done reward change become refine
upgrade king story legend weather funny stupid idiot useless dumb shut open put keep bag full inventory lost near far town city church inn
`.split(/\s+/).filter((w) => w.length > 0));

/** Words every community types in English in this game (never evidence of a language). */
const NEUTRAL = new Set(`ok oke pot pots warp tp tele teleport refine upgrade quest quests drop drops loot wtb wts wtt pls plz thx ty lol bro sis gg afk brb noob
kafra zeny z k kk item items equip storage save respawn job class npc mvp hp sp exp xp lvl lv bye hey hi sorry deal mage`.split(/\s+/)
  // Game names are the same in every language.
  .concat([...TOWNS, ...ITEMS, ...JOBS, ...PLACES].flatMap((e) => e.aliases.flatMap((a) => a.split(/[^a-z0-9]+/)))));

interface Marker {
  readonly lang: Exclude<Language, 'en'>;
  readonly weight: number;
}

const MARKERS: ReadonlyMap<string, readonly Marker[]> = (() => {
  const owners = new Map<string, Exclude<Language, 'en'>[]>();
  for (const [lang, book] of Object.entries(PHRASEBOOKS) as [Exclude<Language, 'en'>, Readonly<Record<string, string>>][]) {
    for (const key of Object.keys(book)) {
      for (const w of key.split(' ')) {
        if (w.length === 0 || /\d/.test(w) || ENGLISH.has(w) || NEUTRAL.has(w)) continue;
        const list = owners.get(w) ?? [];
        if (!list.includes(lang)) list.push(lang);
        owners.set(w, list);
      }
    }
  }
  // Greetings so typical of a community that they decide a one-word message.
  for (const [w, lang] of [['oi', 'pt-BR'], ['hola', 'es'], ['halo', 'id']] as const) owners.set(w, [lang]);
  const out = new Map<string, Marker[]>();
  for (const [w, langs] of owners) out.set(w, langs.map((lang) => ({ lang, weight: langs.length === 1 ? 1 : 0.5 })));
  return out;
})();

export interface Detected {
  /** The language, or undefined when the words show none clearly. */
  readonly lang?: Language;
  /** The winning score (words of evidence). */
  readonly score: number;
}

/** Detects the language of normalised, accent-free tokens (see the module comment). */
export function detectTokens(tokens: readonly string[]): Detected {
  let en = 0;
  let pt = 0;
  let es = 0;
  let id = 0;
  for (const t of tokens) {
    if (ENGLISH.has(t)) en += 1;
    const ms = MARKERS.get(t);
    if (!ms) continue;
    for (const m of ms) {
      if (m.lang === 'pt-BR') pt += m.weight;
      else if (m.lang === 'es') es += m.weight;
      else id += m.weight;
    }
  }
  let best: Exclude<Language, 'en'> = 'pt-BR';
  let score = pt;
  if (es > score) {
    best = 'es';
    score = es;
  }
  if (id > score) {
    best = 'id';
    score = id;
  }
  // Words two languages share ("la azul") show neither.
  const tied = [pt, es, id].filter((x) => x === score).length > 1;
  if (score >= 1 && score >= en && !tied) return { lang: best, score };
  if (en >= 1) return { lang: 'en', score: en };
  return { score: 0 };
}

/** Detects the language of raw player text. */
export function detectLanguage(text: string): Detected {
  const s = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return detectTokens(s.length > 0 ? s.split(' ') : []);
}
