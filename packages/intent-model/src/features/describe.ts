/** The features written out for other tools: the spec, the hash constants, the gazetteer, the shape flags. */
import { ITEMS, TOWNS, normalize } from '@npc/rules';
import { BIGRAM_TAG, CHAR_BASIS, ENTITY_CLASS, ENTITY_TAG, FNV_PRIME, SHAPE_TAG, WORD_BASIS, hashToken } from './hashing';
import { FEATURE_SPEC, type FeatureSpec } from './spec';

/** Shape features, in the order `forEachFeature` emits them (id → when it fires). */
export const SHAPE_FEATURES = {
  1: 'always, combined with the length bucket of the token count: ^ bucket (0–3: the count; 4: 4–5; 5: 6–8; 6: 9–14; 7: more)',
  2: 'question: a "?" or a leading question word',
  3: 'refine: a "+N" refine level',
  4: 'amount: a plain count ("10 red pots")',
  5: 'zeny: an amount of money ("10k", "500z")',
  6: 'empty: no tokens at all',
} as const;

/** The shape flags of a text (ids 2–6 of SHAPE_FEATURES that fire), as exported with each row. */
export function shapeFlags(text: string): ('question' | 'refine' | 'amount' | 'zeny' | 'empty')[] {
  const n = normalize(text);
  const flags: ('question' | 'refine' | 'amount' | 'zeny' | 'empty')[] = [];
  if (n.question) flags.push('question');
  if (n.refineLevel !== undefined) flags.push('refine');
  if (n.amount !== undefined) flags.push('amount');
  if (n.numbers.some((x) => x.kind === 'zeny')) flags.push('zeny');
  if (n.tokens.length === 0) flags.push('empty');
  return flags;
}

/**
 * Everything another tool needs to compute the features of a normalised text exactly as this
 * module does (docs/ml/features.md explains each step): the spec, the hash constants (unsigned
 * 32-bit) and the gazetteer (normalised alias → class). Normalisation itself is the rules
 * package's; exports carry each text's normalised form and shape flags.
 */
export function describeFeatures(spec: FeatureSpec = FEATURE_SPEC): Record<string, unknown> {
  const classes = new Map<number, string>();
  const gazetteer: Record<string, string> = {};
  const addClass = (cls: string) => classes.set(hashToken(`<${cls}>`, WORD_BASIS), cls);
  for (const t of TOWNS) addClass(t.kind === 'town' ? 'town' : t.kind);
  for (const i of ITEMS) addClass(`item_${i.category}`);
  addClass('job');
  addClass('place');
  for (const [alias, h] of ENTITY_CLASS) gazetteer[alias] = classes.get(h)!;
  const u = (x: number) => x >>> 0;
  return {
    featureVersion: spec.version,
    spec: { ...spec },
    hashing: {
      fnvPrime: FNV_PRIME,
      charBasis: u(CHAR_BASIS),
      wordBasis: u(WORD_BASIS),
      bigramTag: u(BIGRAM_TAG),
      entityTag: u(ENTITY_TAG),
      shapeTag: u(SHAPE_TAG),
      beginToken: '\u0002',
      endToken: '\u0003',
      digitFold: 'the digits 1–9 hash as 0',
      finalizer: 'murmur3 fmix32',
      index: 'fmix32(h) & (dims − 1)',
      sign: 'bit 31 of fmix32(h): set → −1, clear → +1',
    },
    shape: SHAPE_FEATURES,
    gazetteer,
    normalisation: 'normalize() of @npc/rules (lowercase, accents, slang, typos, numbers); each exported row has its result (`normalized`) and shape flags',
    vector: 'the signed counts per index, L2-normalised',
  };
}
