/**
 * Memory retrieval as in the Generative Agents memory stream (Park et al., 2023): every memory gets
 *
 *   score = wRecency · recency + wImportance · importance + wRelevance · relevance
 *
 * - recency: exponential decay since the memory was made, 0.5^(age / half-life) (1 = just now);
 * - importance: 0..1, fixed when the memory is written (a purchase, a promise, an insult…);
 * - relevance: lexical similarity of the query (what the player says now, its intent and entities)
 *   and the memory: cosine of their token sets, |A ∩ B| / √(|A|·|B|), on normalised tokens (the
 *   recogniser's normaliser: slang, plurals, typos) without stop words; no embedding service.
 *
 * The paper min-max normalises each component over the candidates; ours are already in 0..1, and
 * normalising would blow millisecond differences between memories of one conversation up to the
 * full range, so they are used as they are. Ties go to the newer memory, then the id.
 */
import type { Intent, Memory, MemoryKind, RecalledMemory } from '@npc/contracts';
import { normalize } from '@npc/rules';

export interface RetrievalWeights {
  recency: number;
  importance: number;
  relevance: number;
}
export const DEFAULT_WEIGHTS: RetrievalWeights = { recency: 1, importance: 1, relevance: 1 };
/** Half-life of recency: a memory a day old counts half as recent as a new one. */
export const DEFAULT_HALF_LIFE_MS = 24 * 3600_000;

const STOP = new Set([
  'a', 'an', 'the', 'i', 'me', 'my', 'you', 'your', 'we', 'us', 'it', 'its', 'he', 'she', 'they', 'them', 'to', 'of', 'for', 'in',
  'on', 'at', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'been', 'do', 'did', 'does', 'have', 'has', 'had', 'can', 'could',
  'would', 'will', 'please', 'some', 'any', 'this', 'that', 'these', 'those', 'with', 'from', 'by', 'so', 'what', 'how', 'want',
  'need', 'like', 'get', 'give', 'just', 'again', 'too', 'very', 'please', 'zeny', 'player', 'once', 'him', 'her', 'there', 'here',
]);

/** Words a memory kind stands for, so that "buy" finds a purchase even with no item named. */
const KIND_WORDS: Readonly<Record<MemoryKind, readonly string[]>> = {
  met: ['meet'], chat: ['chat', 'talk'], purchase: ['buy', 'purchase', 'shop'], sale: ['sell', 'sale', 'loot'],
  price_check: ['price', 'cost'], quest_given: ['quest', 'task', 'work', 'promise'], quest_done: ['quest', 'task', 'done', 'reward'],
  insult: ['insult', 'rude'], violence: ['attack', 'fight'], alarm: ['guard', 'alarm'], warp: ['warp', 'teleport', 'travel'],
  service: ['service'], job_change: ['job', 'class'], refine: ['refine', 'forge'], deferred: ['quest', 'task', 'busy'],
  reflection: [], world: ['news'], apology: ['sorry', 'apology'], kindness: ['thanks', 'kind'],
};

/** Words an intent stands for (the query side of KIND_WORDS). */
const INTENT_WORDS: Partial<Readonly<Record<Intent, readonly string[]>>> = {
  buy: ['buy', 'purchase'], sell: ['sell', 'sale'], price_check: ['price', 'buy'], quest_request: ['quest', 'task'],
  quest_progress: ['quest', 'task', 'done'], warp: ['warp', 'teleport'], insult: ['insult'], job_change: ['job', 'class'],
  refine: ['refine'], storage: ['service'], save_point: ['service'],
};

const stem = (t: string): string => (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t);

const keep = (raw: string, out: Set<string>, exclude?: ReadonlySet<string>): void => {
  if (STOP.has(raw) || /^\d+$/.test(raw) || raw.length < 2) return;
  const t = stem(raw);
  if (!exclude?.has(t)) out.add(t);
};

/** Content words of player text: the recogniser's normaliser (slang, typos), stemmed, without stop words and numbers. */
export function contentTokens(text: string, exclude?: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const raw of normalize(text).tokens) keep(raw, out, exclude);
  return out;
}

/** Content words of clean text (memories, canonical names, already-normalised text): a plain split, no normaliser. */
export function textTokens(text: string, exclude?: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) if (raw) keep(raw, out, exclude);
  return out;
}

/** Cosine similarity of two token sets (0 when either is empty). */
export function cosine(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

export interface RetrievalQuery {
  /** What the player says now (may be empty). */
  text?: string;
  /** `text` is already the recogniser's normalised text (no second normalisation). */
  normalized?: boolean;
  intent?: Intent;
  /** Entities the recogniser found (canonical names: item, town, job…). */
  entities?: readonly string[];
}

/** The query's token set: text, entities and words for the intent. */
export function queryTokens(q: RetrievalQuery, exclude?: ReadonlySet<string>): Set<string> {
  const out = q.normalized ? textTokens(q.text ?? '', exclude) : contentTokens(q.text ?? '', exclude);
  for (const e of q.entities ?? []) for (const t of textTokens(e, exclude)) out.add(t);
  for (const w of (q.intent && INTENT_WORDS[q.intent]) ?? []) out.add(w);
  return out;
}

/** Token sets of memories: by object (parsed memories are shared), else by id and text (a memory's text never changes). */
const tokensByObject = new WeakMap<Memory, ReadonlySet<string>>();
const tokensByKey = new Map<string, ReadonlySet<string>>();

/** A memory's token set: its text, its facts and words for its kind. */
export function memoryTokens(m: Memory, exclude?: ReadonlySet<string>): ReadonlySet<string> {
  let all = tokensByObject.get(m);
  if (!all) {
    const key = `${m.id}|${m.at}|${m.text.length}`;
    all = tokensByKey.get(key);
    if (!all) {
      const f = m.facts ?? {};
      const out = textTokens(`${m.text} ${f.item ?? ''} ${f.questName ?? ''} ${f.destination ?? ''} ${f.job ?? ''}`);
      for (const w of KIND_WORDS[m.kind]) out.add(w);
      all = out;
      if (tokensByKey.size >= 20_000) tokensByKey.clear();
      tokensByKey.set(key, all);
    }
    tokensByObject.set(m, all);
  }
  if (!exclude || exclude.size === 0) return all;
  let hit = false;
  for (const t of exclude) if (all.has(t)) hit = true;
  if (!hit) return all;
  const out = new Set(all);
  for (const t of exclude) out.delete(t);
  return out;
}

/** Cosine of `q` (already without excluded tokens) and a memory's tokens without `exclude`, copying nothing. */
function cosineExcluding(q: ReadonlySet<string>, m: ReadonlySet<string>, exclude?: ReadonlySet<string>): number {
  let size = m.size;
  if (exclude) for (const t of exclude) if (m.has(t)) size--;
  if (q.size === 0 || size <= 0) return 0;
  let shared = 0;
  for (const t of q) if (m.has(t)) shared++;
  return shared / Math.sqrt(q.size * size);
}

export interface RankOptions {
  now: number;
  weights?: RetrievalWeights;
  halfLifeMs?: number;
  /** Return at most this many (default all). */
  limit?: number;
  /** Tokens never counted (the player's own name appears in every memory about them). */
  exclude?: ReadonlySet<string>;
}

/** Recency of a memory made at `at`, seen at `now`: 0.5^(age / half-life), 1 for the future. */
export function recencyOf(at: number, now: number, halfLifeMs = DEFAULT_HALF_LIFE_MS): number {
  const age = Math.max(0, now - at);
  return Math.pow(0.5, age / halfLifeMs);
}

/** Scores and sorts memories for a query, best first (see the module comment). */
export function rankMemories(memories: readonly Memory[], query: RetrievalQuery, opts: RankOptions): RecalledMemory[] {
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const q = queryTokens(query, opts.exclude);
  // Scores in a side array; only the memories returned are copied (spreading each one costs more than scoring it).
  const scored = memories.map((m, i) => {
    const recency = recencyOf(m.at, opts.now, opts.halfLifeMs);
    const relevance = cosineExcluding(q, memoryTokens(m), opts.exclude);
    return { i, recency, relevance, score: w.recency * recency + w.importance * m.importance + w.relevance * relevance };
  });
  const at = (k: number): Memory => memories[k] as Memory;
  scored.sort((a, b) => {
    const ma = at(a.i);
    const mb = at(b.i);
    return b.score - a.score || mb.at - ma.at || (ma.id < mb.id ? -1 : ma.id > mb.id ? 1 : 0);
  });
  const top = opts.limit === undefined ? scored : scored.slice(0, opts.limit);
  return top.map((s) => {
    const m = at(s.i);
    return {
      id: m.id, kind: m.kind, text: m.text, importance: m.importance, at: m.at,
      ...(m.facts ? { facts: m.facts } : {}), ...(m.tally ? { tally: m.tally } : {}),
      score: s.score, recency: s.recency, relevance: s.relevance,
    };
  });
}
