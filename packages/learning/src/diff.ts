import type { Intent } from '@npc/contracts';
import type { LabelledLine } from './labelled';
import type { ProductClassifier } from './product-classifier';

/**
 * `npc models diff A B`: where two models disagree on the same lines (the held-out split, or
 * evaluation files): each model alone, as trained, not combined with the rules.
 */
export interface Disagreement {
  text: string;
  lang: string;
  expected: Intent;
  a: { intent: Intent; confidence: number };
  b: { intent: Intent; confidence: number };
}

export interface ModelDiff {
  lines: number;
  /** Right answers of each. */
  aRight: number;
  bRight: number;
  disagreements: Disagreement[];
  /** Of the disagreements: only A right, only B right, neither. */
  onlyA: number;
  onlyB: number;
  neither: number;
  /** Disagreements by (A's intent → B's intent), most first. */
  moves: { from: Intent; to: Intent; count: number }[];
}

export async function diffModels(a: ProductClassifier, b: ProductClassifier, lines: readonly Pick<LabelledLine, 'text' | 'intent' | 'lang'>[]): Promise<ModelDiff> {
  if (!a.model || !b.model) throw new Error('models diff: both sides need a model');
  const texts = lines.map((l) => l.text);
  const [pa, pb] = [await a.model.classifyMany(texts), await b.model.classifyMany(texts)];
  const out: ModelDiff = { lines: lines.length, aRight: 0, bRight: 0, disagreements: [], onlyA: 0, onlyB: 0, neither: 0, moves: [] };
  const moves = new Map<string, { from: Intent; to: Intent; count: number }>();
  lines.forEach((l, i) => {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x.intent === l.intent) out.aRight++;
    if (y.intent === l.intent) out.bRight++;
    if (x.intent === y.intent) return;
    out.disagreements.push({ text: l.text, lang: l.lang, expected: l.intent, a: x, b: y });
    if (x.intent === l.intent) out.onlyA++;
    else if (y.intent === l.intent) out.onlyB++;
    else out.neither++;
    const key = `${x.intent}>${y.intent}`;
    const m = moves.get(key) ?? { from: x.intent, to: y.intent, count: 0 };
    m.count++;
    moves.set(key, m);
  });
  out.moves = [...moves.values()].sort((p, q) => q.count - p.count || p.from.localeCompare(q.from) || p.to.localeCompare(q.to));
  return out;
}
