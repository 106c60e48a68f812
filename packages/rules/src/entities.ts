/**
 * Entity extraction over normalised text: towns, items, jobs and places from the gazetteer, with
 * fuzzy matching of misspellings, plus the amount and refine level. Indexes are built at load.
 */
import { installedWorld, type WorldKnowledge } from '@npc/world';
import { FuzzyIndex, type SpanHit } from './fuzzy';
import { ITEMS, JOBS, PLACES, TOWNS, type Item, type ItemCategory, type Job, type Place, type Town } from './lexicon';
import { normalizeEnglish, type Normalized } from './normalize';
import { numberWordValue } from './slang';
import { VOCABULARY } from './vocabulary';

function buildIndex<T extends { readonly aliases: readonly string[]; readonly name: string }>(list: readonly T[]): FuzzyIndex<T> {
  return new FuzzyIndex(
    list.flatMap((entry) => [entry.name, ...entry.aliases].map((a) => ({ alias: normalizeEnglish(a).text, value: entry }))),
  );
}

export const TOWN_INDEX: FuzzyIndex<Town> = buildIndex(TOWNS);
export const ITEM_INDEX: FuzzyIndex<Item> = buildIndex(ITEMS);
export const JOB_INDEX: FuzzyIndex<Job> = buildIndex(JOBS);
export const PLACE_INDEX: FuzzyIndex<Place> = buildIndex(PLACES);

const isKnown = (t: string): boolean => VOCABULARY.has(t);

/**
 * The seam to the world knowledge imported from the game server (packages/world, `WORLD_FILE`):
 * every item it knows, as gazetteer items, in an index built once per installed world. Names are
 * matched exactly (no typo budget over thousands of names); the hand-typed lexicon is asked first
 * and is all there is when nothing was imported.
 */
const WORLD_CATEGORY: Readonly<Record<string, ItemCategory>> = {
  Healing: 'consumable', Usable: 'consumable', DelayConsume: 'consumable', Cash: 'consumable', Weapon: 'weapon', Armor: 'armor',
  Card: 'card', Ammo: 'ammo', Etc: 'loot',
};
const worldIndexes = new WeakMap<WorldKnowledge, FuzzyIndex<Item>>();
export function worldItemIndex(): FuzzyIndex<Item> | undefined {
  const kb = installedWorld();
  if (!kb) return undefined;
  let idx = worldIndexes.get(kb);
  if (!idx) {
    idx = new FuzzyIndex(kb.tradeableItems().flatMap((i) => {
      const alias = normalizeEnglish(i.name).text;
      const value: Item = { name: i.name.slice(0, 64), category: WORLD_CATEGORY[i.type] ?? 'loot', price: i.buy, aliases: [] };
      return [{ alias, value }, { alias: alias.endsWith('s') ? alias : `${alias}s`, value }];
    }));
    worldIndexes.set(kb, idx);
  }
  return idx;
}

/** Looks a single name up in the gazetteer (exact alias, then fuzzy), then in the world knowledge. */
export const findTown = (name: string): Town | undefined => TOWN_INDEX.lookup(normalizeEnglish(name).text)?.value;
export const findItem = (name: string): Item | undefined => {
  const key = normalizeEnglish(name).text;
  return ITEM_INDEX.lookup(key)?.value ?? worldItemIndex()?.exact(key);
};
export const findJob = (name: string): Job | undefined => JOB_INDEX.lookup(normalizeEnglish(name).text)?.value;

export interface Entities {
  readonly towns: readonly SpanHit<Town>[];
  readonly items: readonly SpanHit<Item>[];
  readonly jobs: readonly SpanHit<Job>[];
  readonly places: readonly SpanHit<Place>[];
  /** Count for the first item (number before or right after it), else the first count. */
  readonly amount?: number;
}

/** Finds gazetteer entities in normalised text. */
export function extractEntities(n: Normalized): Entities {
  const tokens = n.tokens;
  const towns = TOWN_INDEX.scan(tokens, { isKnown });
  const townTokens = new Set<number>();
  for (const t of towns) for (let i = t.start; i < t.end; i++) townTokens.add(i);
  // An item name inside a town name ("geffen tower") is not an item.
  let items = ITEM_INDEX.scan(tokens, { isKnown }).filter((h) => !overlaps(h, townTokens));
  // Not in the lexicon: an item the server knows, named exactly (one ordinary word alone is not an item).
  if (items.length === 0) {
    items = (worldItemIndex()?.scan(tokens, { isKnown: () => true }) ?? [])
      .filter((h) => !overlaps(h, townTokens) && (h.end - h.start > 1 || !isKnown(tokens[h.start] ?? '')));
  }
  const jobs = JOB_INDEX.scan(tokens, { isKnown }).filter((h) => !overlaps(h, townTokens));
  const places = PLACE_INDEX.scan(tokens, { isKnown }).filter((h) => !overlaps(h, townTokens));
  const amount = amountFor(n, items[0]);
  return { towns, items, jobs, places, ...(amount === undefined ? {} : { amount }) };
}

const overlaps = (h: { start: number; end: number }, set: ReadonlySet<number>): boolean => {
  for (let i = h.start; i < h.end; i++) if (set.has(i)) return true;
  return false;
};

function amountFor(n: Normalized, item: SpanHit<Item> | undefined): number | undefined {
  if (item) {
    const before = n.tokens[item.start - 1];
    const beforeNum = n.numbers.find((m) => m.index === item.start - 1 && m.kind === 'count');
    if (beforeNum) return beforeNum.value;
    if (before !== undefined) {
      const w = numberWordValue(before);
      if (w !== undefined) return w;
    }
    const afterNum = n.numbers.find((m) => m.index === item.end && m.kind === 'count');
    if (afterNum) return afterNum.value;
  }
  return n.amount;
}
