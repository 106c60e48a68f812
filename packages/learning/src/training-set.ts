import { Intent } from '@npc/contracts';
import { DEFAULT_LANGUAGE, generateCorpus, splitHeldOut, type LabelledText } from '@npc/intent-model';
import type { LearningRepository } from '@npc/persistence';

/**
 * The training set: the generated corpus plus what was learnt from the live system:
 * - the example texts of patterns players rated well (at least one +1 and a success rate of at
 *   least `minSuccessRate`), labelled with the pattern's intent;
 * - the texts of decisions answered by the LLM route and never rated -1, labelled with the intent
 *   the LLM returned.
 * Learnt data never teaches `unknown`. A text is kept once (the corpus label wins; among learnt
 * labels, the better-rated pattern's). The held-out split is `splitHeldOut` over the union, so it is
 * deterministic by text: a text is always on the same side, whichever run.
 *
 * Only these sources are read; evaluation sets (../shared/eval) are never training data.
 */

export interface TrainingSetOptions {
  /** Generated examples per intent (LEARN_CORPUS_PER_INTENT). */
  perIntent: number;
  /** LEARN_MIN_SUCCESS_RATE. */
  minSuccessRate: number;
  /** Corpus seed (default 1). */
  seed?: number;
  /** Held-out share (default: splitHeldOut's). */
  heldOutFraction?: number;
  /** Training weight of a learnt example relative to a generated one (default 2). */
  learntWeight?: number;
  /** Most LLM-labelled decisions read (default 20,000). */
  llmLimit?: number;
  /** Only learnt data seen since then (export); the split of a text does not depend on it. */
  since?: Date;
}

export interface TrainingExample extends LabelledText {
  origin: 'corpus' | 'pattern' | 'llm';
  /** The language it was said in (the decision's, the pattern's most used; the corpus template's, else `en`). */
  language: string;
  /** The NPC role it was said to (learnt data); null for the generated corpus. */
  role: string | null;
  /**
   * How it was rated: a pattern's mean rating ((positive − negative) / rated), an LLM decision's
   * latest feedback rating; null when unrated or generated.
   */
  rating: number | null;
  /** The latest feedback's outcome text (LLM decisions); null otherwise. */
  outcome: string | null;
}

export interface TrainingSet {
  train: TrainingExample[];
  heldOut: TrainingExample[];
  /** Per training example, same order as `train`. */
  weights: number[];
  corpus: number;
  /** Learnt examples in the union (from patterns + from the LLM route). */
  learnt: number;
  fromPatterns: number;
  fromLlm: number;
}

export const DEFAULT_CORPUS_SEED = 1;
export const DEFAULT_LEARNT_WEIGHT = 2;

/** A generated example's language: the template's when the corpus gives one, else English. */
const corpusLanguage = (e: LabelledText): string => {
  const lang = (e as LabelledText & { lang?: unknown }).lang;
  return typeof lang === 'string' && lang.length > 0 ? lang : DEFAULT_LANGUAGE;
};

const learntIntent = (name: string): Intent | undefined => {
  const parsed = Intent.safeParse(name);
  return parsed.success && parsed.data !== 'unknown' ? parsed.data : undefined;
};

export async function buildTrainingSet(learning: LearningRepository, options: TrainingSetOptions): Promise<TrainingSet> {
  const corpus = generateCorpus({ seed: options.seed ?? DEFAULT_CORPUS_SEED, perIntent: options.perIntent });
  const byText = new Map<string, TrainingExample>();
  for (const e of corpus) {
    if (!byText.has(e.text)) byText.set(e.text, { text: e.text, intent: e.intent, origin: 'corpus', language: corpusLanguage(e), role: null, rating: null, outcome: null });
  }

  // Patterns: better rated first, so a text in two patterns takes the better one's label.
  const since = options.since ? { since: options.since } : {};
  const patterns = (await learning.wellRatedPatterns(options.minSuccessRate, undefined, since)).sort(
    (a, b) => b.positive - a.positive || (b.successRate ?? 0) - (a.successRate ?? 0) || a.signature.localeCompare(b.signature),
  );
  let fromPatterns = 0;
  for (const p of patterns) {
    const intent = learntIntent(p.intent);
    if (!intent) continue;
    for (const raw of p.examples) {
      const text = raw.trim();
      if (!text || byText.has(text)) continue;
      byText.set(text, { text, intent, origin: 'pattern', language: p.language, role: p.role, rating: (p.positive - p.negative) / p.rated, outcome: null });
      fromPatterns++;
    }
  }
  let fromLlm = 0;
  for (const l of await learning.llmLabelledTexts(options.llmLimit, since)) {
    const intent = learntIntent(l.intent);
    const text = l.text.trim();
    if (!intent || !text || byText.has(text)) continue;
    byText.set(text, { text, intent, origin: 'llm', language: l.language, role: l.role, rating: l.rating, outcome: l.outcome });
    fromLlm++;
  }

  const union = [...byText.values()];
  const { train, heldOut } = options.heldOutFraction === undefined ? splitHeldOut(union) : splitHeldOut(union, options.heldOutFraction);
  const learntWeight = options.learntWeight ?? DEFAULT_LEARNT_WEIGHT;
  return {
    train,
    heldOut,
    weights: train.map((e) => (e.origin === 'corpus' ? 1 : learntWeight)),
    corpus: union.length - fromPatterns - fromLlm,
    learnt: fromPatterns + fromLlm,
    fromPatterns,
    fromLlm,
  };
}
