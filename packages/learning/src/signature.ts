import { findItem, findJob, findTown, normalize } from '@npc/rules';

/**
 * The signature of an utterance: what stays when the specifics go. The text is normalised the way
 * the recogniser normalises it (case, slang, typos, contractions), numbers become `<n>`, and towns,
 * items and jobs of the gazetteer become `<town>`, `<item>`, `<job>`:
 *
 *   "Can u warp me to Izlude pls?"  → "can you warp me to <town> please"
 *   "wtb 10 red pots"               → "want to buy <n> <item>"
 *
 * So "buy 3 red potions" and "buy 20 flies wings" count as one pattern. Deterministic, no state
 * besides a bounded cache.
 */
export const PLACEHOLDERS = { number: '<n>', town: '<town>', item: '<item>', job: '<job>' } as const;

/** Longest gazetteer name looked up, in words. */
const MAX_SPAN = 4;
/** Shorter spans must match a name exactly: fuzzy matching short words finds towns in "where". */
const MIN_FUZZY_CHARS = 6;
const CACHE_MAX = 20_000;
const cache = new Map<string, string>();

type Kind = 'town' | 'item' | 'job';

function entityKind(span: string): Kind | undefined {
  const exactOnly = span.length < MIN_FUZZY_CHARS;
  const checks: [Kind, (s: string) => { name: string; aliases: readonly string[] } | undefined][] = [
    ['town', findTown],
    ['job', findJob],
    ['item', findItem],
  ];
  for (const [kind, find] of checks) {
    const hit = find(span);
    if (!hit) continue;
    if (!exactOnly) return kind;
    if ([hit.name, ...hit.aliases].some((a) => normalize(a).text === span)) return kind;
  }
  return undefined;
}

export function signature(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const n = normalize(text);
  const tokens: string[] = [...n.tokens];
  const fixed = new Array<boolean>(tokens.length).fill(false);
  for (const m of n.numbers) {
    if (m.index < tokens.length) {
      tokens[m.index] = PLACEHOLDERS.number;
      fixed[m.index] = true;
    }
  }
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    if (fixed[i]) {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    let matched = 0;
    let kind: Kind | undefined;
    for (let len = Math.min(MAX_SPAN, tokens.length - i); len >= 1 && kind === undefined; len--) {
      if (fixed.slice(i, i + len).some(Boolean)) continue;
      kind = entityKind(tokens.slice(i, i + len).join(' '));
      if (kind) matched = len;
    }
    if (kind) {
      out.push(PLACEHOLDERS[kind]);
      i += matched;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  const result = out.join(' ');
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(text, result);
  return result;
}
