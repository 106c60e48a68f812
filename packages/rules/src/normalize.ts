/**
 * Text normalisation for the recogniser: lowercase, accents and punctuation noise removed,
 * contractions expanded, repeated letters collapsed, leetspeak and censored words undone,
 * Ragnarok Online chat slang expanded, small typos of important words corrected, and numbers
 * pulled out (counts, zeny, "+N" refine levels, character levels).
 *
 * Everything here is built once at module load; `normalize()` itself is a handful of regex passes
 * and map lookups.
 */
import type { Language } from '@npc/contracts';
import { detectTokens } from './language/detect';
import { translateTokens } from './language/translate';
import { ITEMS, JOBS, PLACES, TOWNS } from './lexicon';
import { isAdjacentSwap, isTypo } from './typo';
import { COMMON_WORDS, INSULTS } from './words';

export type NumberKind = 'count' | 'zeny' | 'refine' | 'level';

export interface NumberMention {
  /** Index of the number's token in `tokens`. */
  readonly index: number;
  readonly value: number;
  readonly kind: NumberKind;
}

export interface Normalized {
  /** The normalised text: tokens joined by single spaces. */
  readonly text: string;
  readonly tokens: readonly string[];
  readonly numbers: readonly NumberMention[];
  /** The first plain count ("10 red pots" → 10). */
  readonly amount?: number;
  /** A "+N" refine level ("+7 my sword" → 7). */
  readonly refineLevel?: number;
  /** Whether the player asked something (a "?" or a leading question word). */
  readonly question: boolean;
  /**
   * The language the words show (`language/detect.ts`), undefined when they show none. A
   * Portuguese, Spanish or Indonesian message is translated into the English the cues know
   * before the English steps below (`language/translate.ts`): `text` and `tokens` are English.
   */
  readonly lang?: Language;
}

/** Longest input we look at; the contract caps `event.text` at 500 characters. */
const MAX_INPUT = 500;
/** Tokens kept: requests are short, and long garbage must stay cheap. */
const MAX_TOKENS = 40;
/** Unknown words a text may have typo-corrected. */
const MAX_CORRECTIONS = 12;

/** Single-token slang and abbreviations → their expansion ('' drops the token). */
const SLANG_TABLE: Readonly<Record<string, string>> = {
  wtb: 'want to buy', wts: 'want to sell', wtt: 'want to trade', wtf: 'what the',
  pot: 'potion', pots: 'potions', potz: 'potions', potn: 'potion', potns: 'potions',
  tele: 'teleport', tp: 'teleport', telly: 'teleport', teleporting: 'teleport', teleported: 'teleport', teleports: 'teleport',
  lf: 'looking for', lfm: 'looking for members', lfg: 'looking for group', lfp: 'looking for party',
  pls: 'please', plz: 'please', plox: 'please', plix: 'please', pleas: 'please', pleez: 'please', pleeze: 'please',
  plis: 'please', pleaze: 'please', plss: 'please', plzz: 'please', pleace: 'please', pl0x: 'please', plse: 'please',
  u: 'you', yu: 'you', yoo: 'you', ur: 'your', yur: 'your', youre: 'you are', r: 'are', ya: 'you',
  thx: 'thanks', thnx: 'thanks', thanx: 'thanks', thnks: 'thanks', tnx: 'thanks', thks: 'thanks', ty: 'thanks',
  tyvm: 'thanks', tyty: 'thanks', tx: 'thanks', thankyou: 'thank you', thanq: 'thanks', thankz: 'thanks',
  np: 'no problem', brb: 'be right back', afk: 'away from keyboard', gg: 'good game', gtg: 'got to go', g2g: 'got to go',
  cya: 'see you', cu: 'see you', bb: 'bye bye', bbl: 'be back later', ttyl: 'talk to you later', l8r: 'later', l8er: 'later',
  laterz: 'later', latr: 'later', byee: 'bye', bai: 'bye', byebye: 'bye bye', bubye: 'bye', gbye: 'goodbye', goodby: 'goodbye',
  sup: 'what is up', wassup: 'what is up', wazzup: 'what is up', whatsup: 'what is up', wasup: 'what is up', supp: 'what is up',
  hru: 'how are you', wbu: 'what about you', hbu: 'how about you', idk: 'i do not know', dunno: 'do not know', idc: 'i do not care',
  k: 'ok', kk: 'ok', okie: 'ok', okey: 'ok', oki: 'ok', okay: 'ok', okies: 'ok',
  ppl: 'people', bc: 'because', cuz: 'because', coz: 'because', cos: 'because', rly: 'really', srsly: 'seriously',
  wat: 'what', wut: 'what', wht: 'what', wot: 'what', wher: 'where', whr: 'where', whre: 'where', hw: 'how', hows: 'how is',
  yea: 'yes', yeah: 'yes', yah: 'yes', yep: 'yes', yup: 'yes', ye: 'yes', nah: 'no', nope: 'no', naw: 'no',
  sry: 'sorry', srry: 'sorry', soz: 'sorry', sowwy: 'sorry', sorri: 'sorry',
  mornin: 'morning', morn: 'morning', evenin: 'evening', nite: 'night', gn: 'good night', gnite: 'good night', gm: 'good morning',
  lvl: 'level', lv: 'level', lvls: 'levels', jlvl: 'job level', blvl: 'base level',
  jc: 'job change', jobchange: 'job change', savepoint: 'save point', spawnpoint: 'spawn point',
  stor: 'storage', storge: 'storage', storag: 'storage', z: 'zeny', zenny: 'zeny', zenies: 'zeny', zennies: 'zeny', zenys: 'zeny',
  ea: 'each', im: 'i am', ive: 'i have', dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'cannot', wont: 'will not',
  isnt: 'is not', arent: 'are not', wasnt: 'was not', havent: 'have not', couldnt: 'could not', wouldnt: 'would not',
  shouldnt: 'should not', aint: 'is not', whats: 'what is', wheres: 'where is', whos: 'who is', thats: 'that is',
  theres: 'there is', heres: 'here is', wanna: 'want to', gonna: 'going to', gotta: 'got to', lemme: 'let me', gimme: 'give me',
  gimmie: 'give me', tryna: 'trying to', kinda: 'kind of', sorta: 'sort of', howdy: 'howdy',
  helo: 'hello', hallo: 'hello', hullo: 'hello', ello: 'hello', henlo: 'hello', hellow: 'hello', halo: 'hello', hellp: 'help',
  hai: 'hi', hy: 'hi', heyo: 'hey', hiya: 'hiya', heya: 'hey',
  teh: 'the', da: 'the', dis: 'this', dat: 'that', wen: 'when', n: 'and', tho: 'though', thru: 'through',
  '2day': 'today', '2morrow': 'tomorrow', tmrw: 'tomorrow', tmr: 'tomorrow', b4: 'before', gr8: 'great', m8: 'mate',
  stfu: 'shut up', gtfo: 'get out', kys: 'kill yourself', fu: 'fuck you', fk: 'fuck', fuk: 'fuck', fck: 'fuck',
  fuq: 'fuck', phuck: 'fuck', fcuk: 'fuck', fking: 'fucking', fkin: 'fucking', fcking: 'fucking', fuking: 'fucking',
  sht: 'shit', shiet: 'shit', shyt: 'shit', btch: 'bitch', biatch: 'bitch', bich: 'bitch', ahole: 'asshole',
  stoopid: 'stupid', stupit: 'stupid', stupd: 'stupid', stuped: 'stupid', stupido: 'stupid', stoopit: 'stupid', stpid: 'stupid',
  idjit: 'idiot', idot: 'idiot', idoit: 'idiot', idiota: 'idiot', dumbass: 'dumb ass', dumass: 'dumb ass', dum: 'dumb',
  nub: 'noob', n00b: 'noob', nubs: 'noobs', noobie: 'newbie', newb: 'newbie', nooby: 'noob', newby: 'newbie', newbee: 'newbie',
  pc: 'price check', rn: 'right now', atm: 'at the moment', inv: 'inventory', eq: 'equipment', equips: 'equipment',
  wep: 'weapon', weap: 'weapon', wpn: 'weapon', armr: 'armor', armour: 'armor', upg: 'upgrade', ref: 'refine', refin: 'refine',
  loc: 'location', mobs: 'monsters', mob: 'monster', exp: 'experience', xp: 'experience', cheerz: 'cheers',
  thankss: 'thanks', goodnight: 'good night', goodmorning: 'good morning', gday: 'good day', bye2: 'bye',
  ggs: 'good game', smth: 'something', sth: 'something', sb: 'somebody', abt: 'about', bout: 'about', pwease: 'please',
  mayb: 'maybe', plzzz: 'please', doin: 'doing', goin: 'going', nothin: 'nothing', somethin: 'something', sayin: 'saying', msg: 'message', pm: 'message', teleportation: 'teleport', ninjas: 'ninjas',
};

const SLANG: ReadonlyMap<string, string> = new Map(Object.entries(SLANG_TABLE));

/** Multi-word fixes applied on the joined token text, each only when its trigger occurs. */
const PHRASES: readonly (readonly [trigger: string, pattern: RegExp, replacement: string])[] = [
  ['port', /\bport (me|us)\b/g, 'teleport $1'],
  ['save', /\bsave ?spot\b/g, 'save point'],
  ['bye', /\bgood ?bye\b/g, 'goodbye'],
  ['thank', /\bthanks? you\b/g, 'thanks'],
  ['i m', /\bi m\b/g, 'i am'],
  ['do nt', /\bdo nt\b/g, 'do not'],
];

/** Number words used as counts. */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, dozen: 12, couple: 2,
};
/** Number words that only count when an item follows (so "a" or "one" in prose are ignored). */
export const numberWordValue = (token: string): number | undefined => NUMBER_WORDS[token];

/**
 * Words worth correcting a typo towards: the words intents hinge on. A token that is not a known
 * word and is within a small edit distance of one of these (or of a gazetteer word) is replaced.
 */
const KEYWORDS: readonly string[] = `
storage teleport quest quests mission missions refine refining upgrade potion potions directions direction where please thanks
hello goodbye stupid idiot moron useless garbage pathetic worthless change become purchase price prices weapon armor respawn
location located finished completed collected delivered brought reward history legend legends story kafra merchant morning
evening afternoon instructions previous system ignore expensive tutorial beginner newbie weather deposit withdraw inventory
equipment advancement promotion nearest dungeon service services anything something someone selling buying much teleport
warp enchant greetings farewell journey adventure where which tavern blacksmith quest retard retarded loser bastard asshole
`.split(/\s+/).filter((w) => w.length > 0);

/** Four-letter keywords, corrected only for a swap of two adjacent letters ("saev" → "save"). */
const SHORT_KEYWORDS: readonly string[] = ['save', 'warp', 'sell', 'help', 'shop', 'bank', 'quest', 'kill', 'item', 'town', 'hello'].filter((w) => w.length === 4);

/** Words that look like typos of keywords but are real words (never corrected). */
const EXTRA_KNOWN = `
worth prize define defined guest guests motion option options portion lotion notion stack smash slash stars locate refund refuse
warn warned ward word worm wars wasp quite there those these their where were here whose whole wheel story store stores storm
fined finer mine lines liner spell shell smell chance changes charge charged danger manger hanger banger anger ranger range
because become becomes became welcome lesson legend legendary purple purpose purse nurse curse cursed horse house mouse
history mystery victory factory forest honest hones dungeons location locations relocate collect collects collector protection
reaper repair repairs reward rewarded rewards steward prices spices slices priced pricey prized weapons armors armed
`.split(/\s+/).filter((w) => w.length > 0);

const splitWords = (s: string): string[] => s.split(/[^a-z0-9]+/).filter((w) => w.length > 0);

const LEXICON_WORDS: readonly string[] = [
  ...TOWNS.flatMap((t) => t.aliases), ...ITEMS.flatMap((i) => i.aliases),
  ...JOBS.flatMap((j) => j.aliases), ...PLACES.flatMap((p) => p.aliases),
].flatMap(splitWords);

/** Every word the normaliser knows (not typo-corrected, target of letter-run collapsing). */
export const VOCABULARY: ReadonlySet<string> = new Set<string>([
  ...COMMON_WORDS, ...INSULTS, ...EXTRA_KNOWN, ...KEYWORDS, ...LEXICON_WORDS,
  ...SLANG.keys(), ...[...SLANG.values()].flatMap(splitWords), ...Object.keys(NUMBER_WORDS),
]);

/** Typo targets bucketed by first letter and length for quick candidate lookup. */
const TYPO_TARGETS: ReadonlyMap<string, readonly string[]> = (() => {
  const byLen = new Map<string, string[]>();
  const seen = new Set<string>();
  // Typo targets are keywords and the words of canonical names (not the misspelt aliases).
  const canonical = [...TOWNS, ...ITEMS, ...JOBS].flatMap((e) => splitWords(e.name.toLowerCase()));
  for (const w of [...KEYWORDS, ...canonical]) {
    if (w.length < 4 || seen.has(w)) continue;
    seen.add(w);
    const key = `${w[0] ?? ''}${w.length}`;
    const list = byLen.get(key) ?? [];
    list.push(w);
    byLen.set(key, list);
  }
  return byLen;
})();

/**
 * Whether a token is a known word or an inflection of one ("heading" ← "head", "worked" ← "work",
 * "making" ← "make", "cities" ← "city"): such words are real English and never typo-corrected.
 */
export function isKnownWord(token: string): boolean {
  if (VOCABULARY.has(token)) return true;
  for (const [suffix, ...replacements] of INFLECTIONS) {
    if (token.length > suffix.length + 2 && token.endsWith(suffix)) {
      const stem = token.slice(0, -suffix.length);
      for (const r of replacements) if (VOCABULARY.has(stem + r)) return true;
      // Doubled consonant: "running" ← "run", "stopped" ← "stop".
      const last = stem[stem.length - 1];
      if ((suffix === 'ing' || suffix === 'ed' || suffix === 'er') && last !== undefined && stem[stem.length - 2] === last
        && VOCABULARY.has(stem.slice(0, -1))) return true;
    }
  }
  return false;
}

const INFLECTIONS: readonly (readonly [string, ...string[]])[] = [
  ['ies', 'y'], ['ied', 'y'], ['ing', '', 'e'], ['ed', '', 'e'], ['es', '', 'e'], ['s', ''], ['ers', '', 'e'], ['er', '', 'e'],
  ['est', '', 'e'], ['ly', '', 'le'], ['ness', ''], ['ful', ''], ['less', ''], ['able', '', 'e'], ['ment', ''], ['y', '', 'e'],
];

/** Corrects a typo of a keyword or gazetteer word; undefined when nothing is close enough. */
export function correctTypo(token: string): string | undefined {
  const hit = typoCache.get(token);
  if (hit !== undefined) return hit ?? undefined;
  const fixed = correctTypoUncached(token);
  if (typoCache.size >= 10_000) typoCache.clear();
  typoCache.set(token, fixed ?? null);
  return fixed;
}

const typoCache = new Map<string, string | null>();

function correctTypoUncached(token: string): string | undefined {
  if (token.length < 4 || /\d/.test(token) || isKnownWord(token)) return undefined;
  if (token.length === 4) return SHORT_KEYWORDS.find((k) => isAdjacentSwap(token, k));
  const maxLen = token.length >= 7 ? 2 : 1;
  let best: string | undefined;
  let bestD = Infinity;
  // Same first letter, or the first two letters swapped ("rpontera").
  const swapped = `${token[1] ?? ''}${token[0] ?? ''}${token.slice(2)}`;
  for (const [q, extra] of [[token, 0], [swapped, 1]] as const) {
    for (let len = q.length - maxLen; len <= q.length + maxLen; len++) {
      for (const cand of TYPO_TARGETS.get(`${q[0] ?? ''}${len}`) ?? []) {
        const d = isTypo(q, cand);
        if (d !== undefined && d + extra <= maxLen && d + extra < bestD) {
          best = cand;
          bestD = d + extra;
        }
      }
    }
  }
  return best;
}

/** Merges letters typed with spaces between them ("s t u p i d" → "stupid"), three or more. */
function joinSpelledOut(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length >= 3) out.push(run.join(''));
    else out.push(...run);
    run = [];
  };
  for (const t of tokens) {
    if (/^[a-z]$/.test(t)) run.push(t);
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's' };

/** Undo leetspeak in a token that mixes letters and digits (but not "10x", "2nd", "b4"). */
function unLeet(token: string): string {
  if (!/[a-z]/.test(token) || !/[0-9]/.test(token)) return token;
  if (SLANG.has(token)) return token;
  if (/^\d+(st|nd|rd|th|x|k|kk|m|z|s|ea|pcs|h)?$/.test(token) || /^x\d+$/.test(token)) return token;
  return token.replace(/[0-9]/g, (c) => LEET[c] ?? c);
}

/**
 * Collapses runs of a repeated letter ("hiii" → "hi", "helllooo" → "hello", "stooopid" → "stoopid"):
 * tries each run at length 1 or 2 and keeps the first spelling the vocabulary knows, else runs of
 * three or more become two.
 */
export function collapseRepeats(token: string): string {
  if (VOCABULARY.has(token) || !/(.)\1/.test(token) || /^(.)\1+$/.test(token) || /\d/.test(token)) return token;
  const runs: { ch: string; n: number }[] = [];
  for (const ch of token) {
    const last = runs[runs.length - 1];
    if (last && last.ch === ch) last.n++;
    else runs.push({ ch, n: 1 });
  }
  const repeated = runs.map((r, i) => (r.n > 1 ? i : -1)).filter((i) => i >= 0);
  if (repeated.length <= 5) {
    const combos = 1 << repeated.length;
    // Try shorter spellings first, fewest doubled letters first.
    const order = [...Array(combos).keys()].sort((a, b) => popcount(a) - popcount(b));
    for (const mask of order) {
      let s = '';
      runs.forEach((r, i) => {
        const k = repeated.indexOf(i);
        s += k < 0 ? r.ch : r.ch.repeat((mask >> k) & 1 ? 2 : 1);
      });
      if (VOCABULARY.has(s)) return s;
    }
  }
  return runs.map((r) => r.ch.repeat(Math.min(r.n, 2))).join('');
}

const popcount = (n: number): number => {
  let c = 0;
  for (let v = n; v; v >>= 1) c += v & 1;
  return c;
};

const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bcan'?t\b/g, 'cannot'], [/\bwon'?t\b/g, 'will not'], [/\bain'?t\b/g, 'is not'], [/\blet's\b/g, 'let us'],
  [/n't\b/g, ' not'], [/'m\b/g, ' am'], [/'re\b/g, ' are'], [/'ve\b/g, ' have'], [/'ll\b/g, ' will'], [/'d\b/g, ' would'],
  [/\b(what|where|who|how|it|that|there|here|he|she|when|why)'s\b/g, '$1 is'], [/'s\b/g, ''],
];

const QUESTION_START = /^(who|what|where|when|why|how|which|is|are|do|does|did|can|could|would|will|should|may|have|has|any)\b/;

const cache = new Map<string, Normalized>();
const CACHE_MAX = 2_000;

/** Forgets memoised normalisations (for benchmarks and tests). */
export function clearNormalizeCache(): void {
  cache.clear();
}

/** Normalises player text (see the module comment). Pure; results of recent inputs are memoised. */
export function normalize(input: string): Normalized {
  const hit = cache.get(input);
  if (hit) return hit;
  const result = normalizeUncached(input, true);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(input, result);
  return result;
}

const hinted = new Map<string, Normalized>();

/**
 * Normalises a message that shows no language of its own ("5 porfa", "ok") as `hint` (the language
 * the conversation is in): its words are translated as that language's.
 */
export function normalizeAs(input: string, hint: Language): Normalized {
  const plain = normalize(input);
  if (plain.lang !== undefined || hint === 'en') return plain;
  const foreign: Exclude<Language, 'en'> = hint;
  const key = `${hint}|${input}`;
  const hit = hinted.get(key);
  if (hit) return hit;
  const result = normalizeUncached(input, true, foreign);
  if (hinted.size >= CACHE_MAX) hinted.clear();
  hinted.set(key, result);
  return result;
}

/** Normalises English (game names, the NPC's own service entries): no language detection or translation. */
export function normalizeEnglish(input: string): Normalized {
  return normalizeUncached(input, false);
}

function normalizeUncached(input: string, translate: boolean, hint?: Exclude<Language, 'en'>): Normalized {
  let s = input.slice(0, MAX_INPUT).toLowerCase();
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[\u2018\u2019\u02bc\u00b4]/g, "'");
  const hasQuestionMark = s.includes('?');
  if (s.includes("'") || s.includes('`')) {
    s = s.replace(/`/g, "'");
    for (const [re, rep] of CONTRACTIONS) s = s.replace(re, rep);
  }
  // Censored words: "f*ck" → "fck", "$hit" → "shit", "a$$" → "ass", "@ss" → "ass".
  if (/[*#$@]/.test(s)) {
    s = s.replace(/([a-z])[*#]+(?=[a-z])/g, '$1').replace(/\$(?=[a-z$])|(?<=[a-z])\$/g, 's').replace(/@(?=[a-z])/g, 'a');
  }
  if (/\d/.test(s)) {
    // "+7" refine levels survive the punctuation strip as their own token.
    s = s.replace(/\+\s?(\d{1,2})(?!\d)/g, ' +$1 ');
    // Money: "10k" → 10000 zeny, "1.5m" → 1500000 zeny, "500z" → 500 zeny.
    s = s.replace(/(\d+(?:[.,]\d+)?)\s?(kk|k|m|z|zeny|zenny)\b/g, (_m, num: string, unit: string) => {
      const v = Number.parseFloat(num.replace(',', '.'));
      const mult = unit === 'k' ? 1_000 : unit === 'kk' || unit === 'm' ? 1_000_000 : 1;
      return ` ${Math.round(v * mult)} zeny `;
    });
    // Counts: "x10", "10x", "10pcs" → "10".
    s = s.replace(/\bx\s?(\d+)\b/g, ' $1 ').replace(/\b(\d+)\s?(x|pcs|pieces)\b/g, ' $1 ');
    // "warp2geffen" → "warp to geffen".
    s = s.replace(/([a-z]{2,})2([a-z]{2,})/g, '$1 to $2');
  }
  s = s.replace(/[^a-z0-9+]+/g, ' ').trim();
  const words = s.length > 0 ? s.split(' ') : [];
  const lang = translate ? detectTokens(words).lang : undefined;
  if (lang !== undefined && lang !== 'en') s = translateTokens(words, lang);
  else if (lang === undefined && hint !== undefined) s = translateTokens(words, hint);

  const out: string[] = [];
  let corrections = 0;
  for (const raw of joinSpelledOut(s.split(' '))) {
    if (out.length >= MAX_TOKENS) break;
    if (raw.length === 0) continue;
    let tok = raw;
    if (tok.includes('+')) {
      if (/^\+\d{1,2}$/.test(tok)) {
        out.push(tok);
        continue;
      }
      tok = tok.replace(/\+/g, '');
      if (tok.length === 0) continue;
    }
    tok = unLeet(tok);
    tok = collapseRepeats(tok);
    const slang = SLANG.get(tok);
    if (slang !== undefined) {
      if (slang.length > 0) out.push(...slang.split(' '));
      continue;
    }
    const fixed = tok.length >= 4 && corrections < MAX_CORRECTIONS && !VOCABULARY.has(tok) ? (corrections++, correctTypo(tok)) : undefined;
    out.push(fixed ?? tok);
  }
  let text = out.join(' ');
  for (const [trigger, re, rep] of PHRASES) if (text.includes(trigger)) text = text.replace(re, rep);
  let tokens = text.length > 0 ? text.split(' ') : [];
  if (tokens.length > MAX_TOKENS) {
    tokens = tokens.slice(0, MAX_TOKENS);
    text = tokens.join(' ');
  }

  const numbers: NumberMention[] = [];
  tokens.forEach((t, i) => {
    if (/^\+\d{1,2}$/.test(t)) {
      numbers.push({ index: i, value: Number(t.slice(1)), kind: 'refine' });
    } else if (/^\d{1,10}$/.test(t)) {
      const value = Number(t);
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      const kind: NumberKind = next === 'zeny' ? 'zeny'
        : prev === 'level' || prev === 'base' || prev === 'job' ? 'level' : 'count';
      numbers.push({ index: i, value, kind });
    }
  });
  const amount = numbers.find((n) => n.kind === 'count' && n.value >= 1)?.value;
  const refineLevel = numbers.find((n) => n.kind === 'refine')?.value;
  return {
    text,
    tokens,
    numbers,
    ...(amount === undefined ? {} : { amount }),
    ...(refineLevel === undefined ? {} : { refineLevel }),
    question: hasQuestionMark || QUESTION_START.test(text),
    ...(lang === undefined ? {} : { lang }),
  };
}
