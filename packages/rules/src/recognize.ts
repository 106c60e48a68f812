/**
 * The intent recogniser: normalise, score weighted cues per intent (`cues.ts`), add evidence from
 * entities (a town suggests a warp, a "+7" a refine, …) and the event type, then turn the two best
 * scores into a confidence. Below the threshold the answer is `unknown`.
 *
 * Confidence = (1 − e^(−best/1.3)) · (best / (best + second))^0.6: high when the best intent has
 * strong evidence and little competition. An `unknown` answer carries the confidence of the best
 * (rejected) guess, so a low number always means "not sure" to the router — except for
 * prompt-injection attempts, which are `unknown` with confidence 0.9 and `injection: true`.
 *
 * Without text the event type decides: `talk`/`proximity` → greet (0.6/0.5), `idle` → greet (0.4),
 * `trade` → buy (0.5), `quest` → quest_request (0.5), `combat` → unknown (0).
 */
import type { EventType, IntentGuess, Language } from '@npc/contracts';
import { CUES, INJECTION, RAW_INJECTION, type ScoredIntent } from './cues';
import { extractEntities, type Entities } from './entities';
import { memoize } from './memo';
import { normalize, normalizeAs, type Normalized } from './normalize';
import { TrigramPrefilter } from './prefilter';
import type { Recognition, Slots } from './types';

/** Confidence below which the recogniser answers `unknown`. */
export const DEFAULT_INTENT_THRESHOLD = 0.35;

export interface RecognizeOptions {
  readonly eventType?: EventType;
  /** The conversation's language, for a message that shows none of its own ("5 porfa"). */
  readonly language?: Language;
  /** Confidence below which the answer is `unknown` (default `DEFAULT_INTENT_THRESHOLD`). */
  readonly threshold?: number;
}

export type IntentScores = Record<ScoredIntent, number>;

/** Tie-break order: the more specific request wins a tie. */
const PRIORITY: readonly ScoredIntent[] = [
  'warp', 'storage', 'save_point', 'refine', 'job_change', 'quest_progress', 'quest_request', 'sell', 'buy', 'price_check',
  'directions', 'insult', 'lore', 'help', 'farewell', 'greet', 'smalltalk',
];

const EMPTY_SCORES = (): IntentScores => ({
  greet: 0, farewell: 0, buy: 0, sell: 0, price_check: 0, directions: 0, warp: 0, storage: 0, save_point: 0,
  quest_request: 0, quest_progress: 0, job_change: 0, refine: 0, lore: 0, smalltalk: 0, insult: 0, help: 0,
});

const GREET_ONLY = new Set([
  'hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'greetings', 'hail', 'salutations', 'ahoy', 'hola', 'oi', 'there', 'friend',
  'kafra', 'sir', 'madam', 'maam', 'miss', 'mister', 'lady', 'everyone', 'all', 'guys', 'npc', 'good', 'morning', 'evening',
  'afternoon', 'day', 'to', 'you', 'again', 'buddy', 'pal', 'mate', 'bro', 'dude', 'man', 'guard', 'merchant', 'please',
  'welcome', 'what', 'is', 'up', 'and', 'o', 'folks',
]);
const FAREWELL_ONLY = /^((ok|well|alright|thanks|see you|bye|goodbye|farewell|later|good night|take care|cheers|then|for now|friend|kafra|sir|all|everyone|guys|again|soon|and|i|must|go|got|to|have|now|so long)\b ?)+$/;

const EVENT_PRIOR: Readonly<Record<EventType, Partial<IntentScores>>> = {
  talk: {},
  trade: { buy: 0.4, sell: 0.3, price_check: 0.2 },
  quest: { quest_request: 0.4, quest_progress: 0.4 },
  combat: { insult: 0.4 },
  idle: { greet: 0.2, smalltalk: 0.2 },
  proximity: { greet: 0.3 },
};

const NO_TEXT: Readonly<Record<EventType, IntentGuess>> = {
  talk: { name: 'greet', confidence: 0.6 },
  proximity: { name: 'greet', confidence: 0.5 },
  idle: { name: 'greet', confidence: 0.4 },
  trade: { name: 'buy', confidence: 0.5 },
  quest: { name: 'quest_request', confidence: 0.5 },
  combat: { name: 'unknown', confidence: 0 },
};

const CUE_FILTER = new TrigramPrefilter(CUES.map((c) => c[2]));
const INJECTION_FILTER = new TrigramPrefilter(INJECTION);

function injected(text: string): boolean {
  const mark = INJECTION_FILTER.candidates(text);
  return INJECTION.some((re, i) => mark[i] === 1 && re.test(text));
}

/** Raw per-intent scores for normalised text (exposed for tests and diagnostics). */
export function scoreIntents(n: Normalized, e: Entities, eventType?: EventType): IntentScores {
  const s = EMPTY_SCORES();
  const text = n.text;
  const mark = CUE_FILTER.candidates(text);
  for (let i = 0; i < CUES.length; i++) {
    const cue = CUES[i];
    if (cue && mark[i] === 1 && cue[2].test(text)) s[cue[0]] += cue[1];
  }

  const tokens = n.tokens;
  if (tokens.length > 0 && tokens.length <= 6 && tokens.every((t) => GREET_ONLY.has(t)) && s.greet > 0) s.greet += 1.5;
  if (s.farewell > 0 && FAREWELL_ONLY.test(text)) s.farewell += 1.0;
  if (/^(please )?(help|help me|help please|sos|assist me)( please)?$/.test(text)) s.help += 1.2;
  if (/^(thanks|thanks (a lot|so much|very much|again|anyway))$/.test(text)) s.smalltalk += 0.6;

  // Entity evidence.
  const item = e.items[0]?.value;
  if (item) {
    if (item.category === 'loot') s.sell += 0.8;
    else s.buy += 0.8;
    if (item.category === 'ore') s.refine += 0.4;
    if (e.amount !== undefined) {
      const trade: ScoredIntent = s.sell > s.buy ? 'sell' : 'buy';
      s[trade] += 0.3;
    }
  }
  if (e.towns.length > 0) {
    if (s.directions > 0) s.directions += 0.8;
    else if (s.lore > 0) s.lore += 0.6;
    else if (s.price_check >= 2 || s.save_point > 0) s.directions += 0.3;
    else {
      s.warp += 1.0;
      s.directions += 0.3;
    }
  }
  if (e.places.length > 0 && e.towns.length === 0 && s.greet === 0 && s.smalltalk === 0 && s.insult === 0) {
    s.directions += /\b(go|get|going|head) to\b/.test(text) ? 1.8 : 1.0;
    s.warp *= 0.5;
  }
  if (e.jobs.length > 0) {
    s.job_change += 0.8;
    if (/\b(become|becoming|be|want to be|make me|turn me|change|switch|advance|promote|join|test|exam|trial)\b/.test(text)) s.job_change += 1.2;
  }
  if (n.refineLevel !== undefined) s.refine += 2.6;

  // Asking what a service costs is a price check, not the service itself.
  if (s.price_check >= 2 && /\b(how much|cost|costs|price|prices|fee|fees|charge)\b/.test(text)) s.price_check += 1.4;
  // "is a fly wing 60z?": a question naming a price.
  if (n.question && n.numbers.some((m) => m.kind === 'zeny')) s.price_check += 1.4;
  // "is a magnifier expensive?": a question about dearness.
  if (n.question && /\b(expensive|cheap|pricey|costly)\b/.test(text)) s.price_check += 1.4;

  if (eventType) {
    const prior = EVENT_PRIOR[eventType];
    for (const k of Object.keys(prior) as ScoredIntent[]) s[k] += prior[k] ?? 0;
  }

  // A greeting or a plea for help in front of a real request gives way to the request.
  let otherBest = 0;
  for (const k of PRIORITY) if (k !== 'greet' && k !== 'help' && k !== 'smalltalk') otherBest = Math.max(otherBest, s[k]);
  if (s.smalltalk >= 2) s.greet *= 0.5;
  if (otherBest >= 1.5) {
    s.greet *= 0.4;
    if (/\bhelp\b/.test(text)) s.help = Math.max(0, s.help - 1.2);
    s.smalltalk *= 0.6;
  }
  // Insults override everything but a clear request: abuse is what the NPC reacts to.
  if (s.insult >= 2.6) s.insult += 0.6;
  return s;
}

/** Confidence from the best and second-best score (see the module comment). */
export function confidenceOf(best: number, second: number): number {
  if (best <= 0) return 0;
  const c = (1 - Math.exp(-best / 1.3)) * Math.pow(best / (best + second), 0.6);
  return Math.round(Math.min(1, Math.max(0, c)) * 1000) / 1000;
}

/** The best intent and its confidence, before the threshold is applied. */
function bestIntent(scores: IntentScores): { name: ScoredIntent; confidence: number } {
  let best: ScoredIntent = PRIORITY[0] ?? 'greet';
  let bestScore = -1;
  for (const k of PRIORITY) {
    if (scores[k] > bestScore) {
      best = k;
      bestScore = scores[k];
    }
  }
  let second = 0;
  for (const k of PRIORITY) if (k !== best) second = Math.max(second, scores[k]);
  return { name: best, confidence: confidenceOf(bestScore, second) };
}

/** Picks the best intent and its confidence from scores; `unknown` below the threshold. */
export function pickIntent(scores: IntentScores, threshold: number): IntentGuess {
  const { name, confidence } = bestIntent(scores);
  return { name: confidence >= threshold ? name : 'unknown', confidence };
}

function slotsFrom(n: Normalized, e: Entities): Slots {
  const slots: { -readonly [K in keyof Slots]: Slots[K] } = {};
  const item = e.items[0]?.value;
  if (item) slots.item = item.name;
  if (e.amount !== undefined) slots.amount = Math.min(30_000, Math.max(1, Math.trunc(e.amount)));
  const town = e.towns[0]?.value;
  if (town) {
    slots.town = { name: town.name, map: town.map, ...(town.x === undefined ? {} : { x: town.x }), ...(town.y === undefined ? {} : { y: town.y }) };
  }
  const job = e.jobs[0]?.value;
  if (job) slots.job = job.name;
  let refine = n.refineLevel;
  if (refine === undefined && /\b(refine|upgrade|safe)\b/.test(n.text)) {
    const m = /\b(?:to|level|lvl) \+?(\d{1,2})\b/.exec(n.text);
    if (m?.[1] !== undefined) refine = Number(m[1]);
  }
  if (refine !== undefined && refine >= 0 && refine <= 20) slots.refineLevel = refine;
  const place = e.places[0]?.value;
  if (place) slots.place = place.name;
  return slots;
}

interface Analysis {
  readonly lang?: Recognition['lang'];
  /** Best guess before the threshold; `unknown` only for injections and empty text. */
  readonly guess: IntentGuess;
  readonly slots: Slots;
  readonly normalized: string;
  readonly injection: boolean;
}

function analyse(raw: string, eventType: EventType | undefined, language?: Language): Analysis {
  const n = language ? normalizeAs(raw, language) : normalize(raw);
  if ((/[<@#{$`]/.test(raw) && RAW_INJECTION.some((re) => re.test(raw))) || injected(n.text)) {
    return { guess: { name: 'unknown', confidence: 0.9 }, slots: {}, normalized: n.text, injection: true, ...(n.lang ? { lang: n.lang } : {}) };
  }
  if (n.tokens.length === 0) return { guess: { name: 'unknown', confidence: 0 }, slots: {}, normalized: '', injection: false, ...(n.lang ? { lang: n.lang } : {}) };
  const e = extractEntities(n);
  return { guess: bestIntent(scoreIntents(n, e, eventType)), slots: slotsFrom(n, e), normalized: n.text, injection: false, ...(n.lang ? { lang: n.lang } : {}) };
}

/** Recent texts' analyses, by event type, language hint and text. */
const analyses = memoize(5_000, analyse, (raw, eventType, language) => `${eventType ?? ''}|${language ?? ''}|${raw}`);

/** Recognises the player's intent and slots (see the module comment). Recent texts are memoised. */
export function recognize(text: string | undefined, opts: RecognizeOptions = {}): Recognition {
  const threshold = opts.threshold ?? DEFAULT_INTENT_THRESHOLD;
  const raw = text ?? '';
  if (raw.trim().length === 0) {
    const guess = opts.eventType ? NO_TEXT[opts.eventType] : { name: 'unknown' as const, confidence: 0 };
    return { intent: guess.confidence >= threshold ? { ...guess } : { name: 'unknown', confidence: guess.confidence }, slots: {}, normalized: '' };
  }
  const a = analyses(raw, opts.eventType, opts.language);
  const { guess } = a;
  // Fresh objects every call: callers may keep or change what they get.
  const slots: Slots = { ...a.slots, ...(a.slots.town ? { town: { ...a.slots.town } } : {}) };
  return {
    intent: { name: guess.confidence >= threshold ? guess.name : 'unknown', confidence: guess.confidence },
    slots,
    normalized: a.normalized,
    ...(a.injection ? { injection: true } : {}),
    ...(a.lang ? { lang: a.lang } : {}),
  };
}

/** Forgets memoised recognitions (for benchmarks and tests). */
export function clearRecognitionCache(): void {
  analyses.clear();
}
