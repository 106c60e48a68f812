import { DEFAULT_DECISION_LANGUAGE, MAX_PATTERN_EXAMPLES, MAX_PATTERN_RESPONSES, type LearnedPattern, type PatternDelta, type PatternKey } from './types';

/** Learnt patterns in memory: merging deltas, and a stored row as a pattern. */

/** The most used key of a count map (ties: alphabetical); `fallback` when empty. */
export function mostUsed(counts: Readonly<Record<string, number>>, fallback = DEFAULT_DECISION_LANGUAGE): string {
  let best: string | undefined;
  for (const [k, v] of Object.entries(counts)) if (best === undefined || v > counts[best]! || (v === counts[best] && k < best)) best = k;
  return best ?? fallback;
}

export function addDistinct(into: string[], values: readonly string[], max: number): void {
  for (const v of values) {
    if (into.length >= max) return;
    if (v.length > 0 && !into.includes(v)) into.push(v);
  }
}

/** Adds `b` to `a` (new object). */
export function mergeCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export const earliest = (a: Date | undefined, b: Date | undefined): Date => (a && b ? (a < b ? a : b) : (a ?? b ?? new Date()));
export const latest = (a: Date | undefined, b: Date | undefined): Date => (a && b ? (a > b ? a : b) : (a ?? b ?? new Date()));

export const keyOf = (k: PatternKey) => `${k.role}\u0000${k.intent}\u0000${k.signature}`;

/** Sums deltas of the same pattern (examples and responses in order, distinct, bounded). */
export function mergeDeltas(deltas: readonly PatternDelta[]): PatternDelta[] {
  const byKey = new Map<string, PatternDelta & { examples: string[]; responses: string[] }>();
  for (const d of deltas) {
    const key = keyOf(d);
    const m = byKey.get(key);
    if (!m) {
      const examples: string[] = [];
      const responses: string[] = [];
      addDistinct(examples, d.examples, MAX_PATTERN_EXAMPLES);
      addDistinct(responses, d.responses, MAX_PATTERN_RESPONSES);
      byKey.set(key, { ...d, examples, responses, sources: { ...d.sources }, languages: { ...d.languages } });
      continue;
    }
    m.uses += d.uses;
    m.rated += d.rated;
    m.positive += d.positive;
    m.negative += d.negative;
    addDistinct(m.examples, d.examples, MAX_PATTERN_EXAMPLES);
    addDistinct(m.responses, d.responses, MAX_PATTERN_RESPONSES);
    m.sources = mergeCounts(m.sources, d.sources);
    m.languages = mergeCounts(m.languages, d.languages);
    if (d.seenAt !== undefined && (m.seenAt === undefined || d.seenAt > m.seenAt)) m.seenAt = d.seenAt;
  }
  return [...byKey.values()];
}

export type PatternRow = {
  role: string;
  intent: string;
  signature: string;
  uses: number;
  rated: number;
  positive: number;
  negative: number;
  examples: string[];
  responses: string[];
  sources: Record<string, number>;
  languages: Record<string, number>;
  first_seen: Date;
  last_seen: Date;
};

export const toPattern = (r: PatternRow): LearnedPattern => ({
  role: r.role,
  intent: r.intent,
  signature: r.signature,
  uses: r.uses,
  rated: r.rated,
  positive: r.positive,
  negative: r.negative,
  successRate: r.rated > 0 ? r.positive / r.rated : null,
  examples: r.examples,
  responses: r.responses,
  sources: r.sources,
  languages: r.languages,
  language: mostUsed(r.languages),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});
