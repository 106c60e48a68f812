/**
 * Turns the tokens of a Portuguese, Spanish or Indonesian message into the English the recogniser's
 * cues, gazetteer and follow-up patterns know (a phrase table per language, longest match first),
 * then fixes word order where it matters ("pocao vermelha" → "potion red" → "red potion").
 * Game names (towns, items the game names in English, jobs) pass through untouched.
 */
import type { Language } from '@npc/contracts';
import { ES } from './es';
import { ID } from './id';
import { PT } from './pt';

interface Table {
  readonly map: ReadonlyMap<string, string>;
  /** Longest key in tokens. */
  readonly maxWords: number;
  /** First tokens of multi-word keys (others are looked up alone). */
  readonly starts: ReadonlySet<string>;
}

function table(entries: Readonly<Record<string, string>>): Table {
  const map = new Map<string, string>();
  const starts = new Set<string>();
  let maxWords = 1;
  for (const [k, v] of Object.entries(entries)) {
    map.set(k, v);
    const n = k.split(' ').length;
    if (n > 1) starts.add(k.split(' ')[0] ?? '');
    maxWords = Math.max(maxWords, n);
  }
  return { map, maxWords, starts };
}

export const TABLES: Readonly<Record<Exclude<Language, 'en'>, Table>> = { 'pt-BR': table(PT), es: table(ES), id: table(ID) };
/** The phrase tables as written (for detection and tests). */
export const PHRASEBOOKS: Readonly<Record<Exclude<Language, 'en'>, Readonly<Record<string, string>>>> = { 'pt-BR': PT, es: ES, id: ID };

const COLOUR = 'red|blue|yellow|white|green|orange';
const FIXES: readonly (readonly [RegExp, string])[] = [
  // Nouns before their colour, as in Portuguese, Spanish and Indonesian.
  [new RegExp(`\\b(potions?|pots?|herbs?|gems?|gemstones?|ones) (${COLOUR})\\b`, 'g'), '$2 $1'],
  // "the blue" (os azuis, los azules, yg biru) → "the blue ones".
  [new RegExp(`\\bthe (${COLOUR})(?= (?!potions?|pots?|herbs?|gems?|gemstones?|ones)|$)`, 'g'), 'the $1 ones'],
  // "como funciona o refino" → "how does the refine work".
  [/\bhow does work (.+)$/, 'how does $1 work'],
];

const POSSESSED = /\b(sword|dagger|armor|shoes|boots|bow|shield|weapon|equipment|items|bag|inventory|loot|hat|helm|storage) (i|you)\b/g;
/** Indonesian yes/no tags at the end ("beli fluff gk?" = "do you buy fluff?"). */
const ID_TAGS = new Set(['gk', 'ga', 'gak', 'nggak', 'ngga', 'enggak', 'tidak', 'engga']);

/** English text for the tokens of a message in `lang` (see the module comment). */
export function translateTokens(tokens: readonly string[], lang: Exclude<Language, 'en'>): string {
  const t = TABLES[lang];
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] ?? '';
    let done = false;
    if (t.starts.has(first)) {
      for (let len = Math.min(t.maxWords, tokens.length - i); len >= 2 && !done; len--) {
        const key = tokens.slice(i, i + len).join(' ');
        const v = t.map.get(key);
        if (v !== undefined) {
          if (v.length > 0) out.push(v);
          i += len - 1;
          done = true;
        }
      }
    }
    if (done) continue;
    const v = t.map.get(first);
    if (v === undefined) out.push(first);
    else if (v.length > 0) out.push(v);
  }
  if (lang === 'id' && tokens.length > 1 && ID_TAGS.has(tokens[tokens.length - 1] ?? '') && out[out.length - 1] === 'no') {
    out.pop();
    if (!(out[0] ?? '').startsWith('do you')) out.unshift('do you');
  }
  let text = out.join(' ');
  for (const [re, rep] of FIXES) text = text.replace(re, rep);
  if (lang === 'id') {
    // Possessives follow the noun ("pedang ane" → "my sword"); "buat ane" → "for me".
    text = text.replace(POSSESSED, (_m, noun: string, who: string) => `${who === 'i' ? 'my' : 'your'} ${noun}`).replace(/\b(for|to|with) i\b/g, '$1 me');
  }
  return text.replace(/\s+/g, ' ').trim();
}
