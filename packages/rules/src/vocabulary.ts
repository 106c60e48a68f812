/**
 * The words the normaliser knows, and typo correction towards the words that matter: intent
 * keywords and the gazetteer's canonical names. A known word (or an inflection of one) is never
 * corrected; an unknown one within a small edit distance of a target is replaced.
 */
import { ITEMS, JOBS, PLACES, TOWNS } from './lexicon';
import { NUMBER_WORDS, SLANG } from './slang';
import { isAdjacentSwap, isTypo } from './typo';
import { COMMON_WORDS, INSULTS } from './words';
import { memoize } from './memo';

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
  return typos(token);
}

const typos = memoize(10_000, correctTypoUncached);

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
