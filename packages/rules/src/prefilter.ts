/**
 * A trigram prefilter for the cue regexes: at load time each cue's regex source is parsed (a small
 * subset of regex syntax) to find literal fragments of 3+ letters of which every match must contain
 * at least one; cues are indexed by the first trigram of those fragments. At run time only cues
 * whose trigrams occur in the text are tested. Cues without such a guarantee are always tested.
 */

type Must = readonly string[] | null;

interface Parser {
  readonly src: string;
  pos: number;
}

const isLetter = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** Fragments one of which every match of `source` contains, or null when none is guaranteed. */
export function mustFragments(source: string): Must {
  const p: Parser = { src: source, pos: 0 };
  try {
    const m = parseAlternation(p);
    return p.pos === source.length ? m : null;
  } catch {
    return null;
  }
}

function parseAlternation(p: Parser): Must {
  const branches: Must[] = [parseSequence(p)];
  while (p.src[p.pos] === '|') {
    p.pos++;
    branches.push(parseSequence(p));
  }
  if (branches.some((b) => b === null)) return null;
  return branches.flatMap((b) => b ?? []);
}

/** Reads a quantifier at the cursor; returns whether it allows zero repetitions. */
function quantifier(p: Parser): { present: boolean; optional: boolean } {
  const c = p.src[p.pos];
  if (c === '?' || c === '*') {
    p.pos++;
    if (p.src[p.pos] === '?') p.pos++;
    return { present: true, optional: true };
  }
  if (c === '+') {
    p.pos++;
    if (p.src[p.pos] === '?') p.pos++;
    return { present: true, optional: false };
  }
  if (c === '{') {
    const m = /^\{(\d*)(,\d*)?\}/.exec(p.src.slice(p.pos));
    if (m) {
      p.pos += m[0].length;
      if (p.src[p.pos] === '?') p.pos++;
      return { present: true, optional: (m[1] ?? '') === '' || Number(m[1]) === 0 };
    }
  }
  return { present: false, optional: false };
}

/** Words so frequent in player text that indexing a cue under them filters little. */
const COMMON = new Set(['you', 'the', 'what', 'how', 'are', 'and', 'for', 'can', 'want', 'have', 'your', 'this', 'that', 'with', 'need', 'any', 'some', 'please', 'get', 'there', 'here', 'all', 'not', 'will', 'would', 'like', 'one', 'out', 'about', 'give', 'tell', 'into', 'from', 'does', 'did', 'was', 'were', 'its', 'our', 'who', 'why', 'when', 'much', 'many', 'more', 'going', 'got']);

/** How selective a fragment set is: its weakest fragment's length, common words counting little. */
const selectivity = (m: readonly string[]): number => Math.min(...m.map((f) => (COMMON.has(f) ? 1 : f.length)));

function parseSequence(p: Parser): Must {
  let best: Must = null;
  let run = '';
  const keep = (m: Must): void => {
    if (m === null) return;
    if (best === null || selectivity(m) > selectivity(best)) best = m;
  };
  const endRun = (): void => {
    if (run.length >= 3) keep([run]);
    run = '';
  };
  while (p.pos < p.src.length) {
    const c = p.src[p.pos];
    if (c === '|' || c === ')') break;
    if (c === '(') {
      endRun();
      p.pos++;
      let lookaround = false;
      if (p.src[p.pos] === '?') {
        const head = p.src.slice(p.pos, p.pos + 3);
        if (head.startsWith('?:')) p.pos += 2;
        else if (head.startsWith('?=') || head.startsWith('?!')) {
          p.pos += 2;
          lookaround = true;
        } else if (head === '?<=' || head === '?<!') {
          p.pos += 3;
          lookaround = true;
        } else throw new Error('unsupported group');
      }
      const inner = parseAlternation(p);
      if (p.src[p.pos] !== ')') throw new Error('unbalanced');
      p.pos++;
      const q = quantifier(p);
      if (!lookaround && !q.optional) keep(inner);
      continue;
    }
    if (c === '[') {
      endRun();
      const close = p.src.indexOf(']', p.pos + 1);
      if (close < 0) throw new Error('unbalanced class');
      p.pos = close + 1;
      quantifier(p);
      continue;
    }
    if (c === '\\') {
      endRun();
      const e = p.src[p.pos + 1];
      if (e !== undefined && /[1-9]/.test(e)) throw new Error('backreference');
      p.pos += 2;
      quantifier(p);
      continue;
    }
    p.pos++;
    if (isLetter(c)) {
      const q = quantifier(p);
      if (q.optional) endRun();
      else if (q.present) {
        run += c;
        endRun();
      } else run += c;
      continue;
    }
    // Anything else (space, ^, $, ., digits, punctuation) ends a run.
    endRun();
    quantifier(p);
  }
  endRun();
  return best;
}

/** Three characters at `i` packed into a number (no string allocation). */
const trigram = (s: string, i: number): number => (s.charCodeAt(i) << 16) ^ (s.charCodeAt(i + 1) << 8) ^ s.charCodeAt(i + 2);

/** Indexes patterns by trigram; `candidates(text)` lists the indexes worth testing, in order. */
export class TrigramPrefilter {
  private readonly byTrigram = new Map<number, number[]>();
  private readonly always: number[] = [];
  private readonly mark: Uint8Array;
  readonly size: number;

  constructor(patterns: readonly RegExp[]) {
    this.size = patterns.length;
    this.mark = new Uint8Array(patterns.length);
    patterns.forEach((re, i) => {
      const must = re.flags.includes('i') ? null : mustFragments(re.source);
      if (must === null || must.length === 0) {
        this.always.push(i);
        return;
      }
      for (const f of new Set(must.map((m) => trigram(m, 0)))) {
        const list = this.byTrigram.get(f) ?? [];
        list.push(i);
        this.byTrigram.set(f, list);
      }
    });
  }

  /** Number of patterns that are always tested (for diagnostics). */
  get unfiltered(): number {
    return this.always.length;
  }

  /**
   * Marks (1) the patterns worth testing on `text`. The returned array is reused by the next call:
   * read it before calling again.
   */
  candidates(text: string): Uint8Array {
    const mark = this.mark;
    mark.fill(0);
    for (const i of this.always) mark[i] = 1;
    for (let i = 0; i + 3 <= text.length; i++) {
      const list = this.byTrigram.get(trigram(text, i));
      if (list) for (const k of list) mark[k] = 1;
    }
    return mark;
  }
}
