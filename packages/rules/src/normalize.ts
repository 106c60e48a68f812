/**
 * Text normalisation for the recogniser: lowercase, accents and punctuation noise removed,
 * contractions expanded, repeated letters collapsed, leetspeak and censored words undone,
 * Ragnarok Online chat slang expanded, small typos of important words corrected, and numbers
 * pulled out (counts, zeny, "+N" refine levels, character levels).
 *
 * The tables are in `slang.ts`, the known words and typo targets in `vocabulary.ts`. Everything is
 * built once at module load; `normalize()` itself is a handful of regex passes and map lookups.
 */
import type { Language } from '@npc/contracts';
import { detectTokens } from './language/detect';
import { translateTokens } from './language/translate';
import { CONTRACTIONS, LEET, PHRASES, SLANG } from './slang';
import { correctTypo, VOCABULARY } from './vocabulary';
import { memoize } from './memo';

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


const QUESTION_START = /^(who|what|where|when|why|how|which|is|are|do|does|did|can|could|would|will|should|may|have|has|any)\b/;

const CACHE_MAX = 2_000;

/** Normalises player text (see the module comment). Pure; results of recent inputs are memoised. */
export const normalize = memoize(CACHE_MAX, (input: string): Normalized => normalizeUncached(input, true));

/** `normalizeAs`'s translation under a hint. */
const hinted = memoize(CACHE_MAX, (input: string, hint: Exclude<Language, 'en'>): Normalized => normalizeUncached(input, true, hint), (input, hint) => `${hint}|${input}`);

/** English names (services, the gazetteer's) recur on every decision of an NPC: memoised too. */
const english = memoize(CACHE_MAX, (input: string): Normalized => normalizeUncached(input, false));

/** Forgets memoised normalisations (for benchmarks and tests). */
export function clearNormalizeCache(): void {
  normalize.clear();
  hinted.clear();
  english.clear();
}

/**
 * Normalises a message that shows no language of its own ("5 porfa", "ok") as `hint` (the language
 * the conversation is in): its words are translated as that language's.
 */
export function normalizeAs(input: string, hint: Language): Normalized {
  const plain = normalize(input);
  if (plain.lang !== undefined || hint === 'en') return plain;
  return hinted(input, hint);
}

/** Normalises English (game names, the NPC's own service entries): no language detection or translation. */
export function normalizeEnglish(input: string): Normalized {
  return english(input);
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
