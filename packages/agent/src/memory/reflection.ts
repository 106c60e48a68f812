/**
 * Reflection: when an NPC's memory of a player grows past its bound, the oldest episodes are folded
 * into one summary memory (Generative Agents' reflection, done deterministically: totals, not a
 * model). The summary keeps exact totals (`tally`), so folding again merges without loss and the
 * text is always rebuilt the same way. The hot set stays bounded: at most `maxEpisodes` episodes
 * plus one reflection.
 */
import type { Memory, MemoryTally, PlayerMemoryState } from '@npc/contracts';

export const emptyTally = (since: number): MemoryTally => ({
  episodes: 0, purchases: 0, sales: 0, insults: 0, violence: 0, questsGiven: 0, questsDone: 0,
  bought: {}, sold: {}, quests: [], zenySpent: 0, since,
});

const TOP_ITEMS = 6;

/** A tally being summed (mutable: summing a dozen memories per decision must not allocate a dozen tallies). */
interface Acc {
  t: Omit<MemoryTally, 'bought' | 'sold' | 'quests'>;
  bought: Map<string, number>;
  sold: Map<string, number>;
  quests: string[];
}

const accOf = (t: MemoryTally): Acc => ({
  t: { episodes: t.episodes, purchases: t.purchases, sales: t.sales, insults: t.insults, violence: t.violence, questsGiven: t.questsGiven, questsDone: t.questsDone, zenySpent: t.zenySpent, since: t.since },
  bought: new Map(Object.entries(t.bought)),
  sold: new Map(Object.entries(t.sold)),
  quests: [...t.quests],
});

/** The most-counted items (ties by name): a tally keeps the top 6. */
const top = (m: Map<string, number>): Record<string, number> => {
  if (m.size === 0) return {};
  const entries = [...m.entries()];
  return Object.fromEntries(entries.length <= TOP_ITEMS ? entries : entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_ITEMS));
};

const done = (a: Acc): MemoryTally => ({ ...a.t, bought: top(a.bought), sold: top(a.sold), quests: a.quests.slice(-8) });

function mergeInto(a: Acc, b: MemoryTally): void {
  const t = a.t;
  t.episodes += b.episodes; t.purchases += b.purchases; t.sales += b.sales; t.insults += b.insults; t.violence += b.violence;
  t.questsGiven += b.questsGiven; t.questsDone += b.questsDone;
  t.zenySpent = Math.min(2_000_000_000, t.zenySpent + b.zenySpent);
  t.since = Math.min(t.since, b.since);
  for (const [k, v] of Object.entries(b.bought)) a.bought.set(k, (a.bought.get(k) ?? 0) + v);
  for (const [k, v] of Object.entries(b.sold)) a.sold.set(k, (a.sold.get(k) ?? 0) + v);
  for (const q of b.quests) if (!a.quests.includes(q)) a.quests.push(q);
}

function addInto(a: Acc, m: Memory): void {
  if (m.kind === 'reflection') {
    if (m.tally) mergeInto(a, m.tally);
    return;
  }
  const f = m.facts ?? {};
  const t = a.t;
  t.episodes++;
  t.since = Math.min(t.since, m.at);
  switch (m.kind) {
    case 'purchase':
      t.purchases++;
      if (f.item) a.bought.set(f.item, (a.bought.get(f.item) ?? 0) + (f.amount ?? 1));
      t.zenySpent = Math.min(2_000_000_000, t.zenySpent + (f.price ?? 0));
      break;
    case 'sale':
      t.sales++;
      if (f.item) a.sold.set(f.item, (a.sold.get(f.item) ?? 0) + (f.amount ?? 1));
      break;
    case 'insult': t.insults++; break;
    case 'violence': t.violence++; break;
    case 'quest_given':
      t.questsGiven++;
      if (f.questName && !a.quests.includes(f.questName)) a.quests.push(f.questName);
      break;
    case 'quest_done': t.questsDone++; break;
    default: break;
  }
}

/** Adds one memory to a tally (a reflection merges its own tally). */
export function addToTally(t: MemoryTally, m: Memory): MemoryTally {
  const a = accOf(t);
  addInto(a, m);
  return done(a);
}

export function mergeTallies(a: MemoryTally, b: MemoryTally): MemoryTally {
  const acc = accOf(a);
  mergeInto(acc, b);
  return done(acc);
}

/** Totals over everything remembered of a player (reflection + episodes). */
export function tallyOf(state: Pick<PlayerMemoryState, 'episodes' | 'reflection'> | null, now: number): MemoryTally {
  const a = accOf(emptyTally(now));
  if (state?.reflection) addInto(a, state.reflection);
  for (const m of state?.episodes ?? []) addInto(a, m);
  return done(a);
}

const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const listed = (map: Record<string, number>): string => Object.entries(map).map(([item, n]) => `${n} ${item}`).join(', ');

/** The summary's text: deterministic, bounded (240 characters). */
export function summaryText(t: MemoryTally, name: string, visits: number): string {
  const parts: string[] = [`${visits} encounter${visits === 1 ? '' : 's'}`];
  if (t.purchases) parts.push(`bought ${listed(t.bought)} over ${t.purchases} purchase${t.purchases === 1 ? '' : 's'}`);
  if (t.sales) parts.push(`sold me ${listed(t.sold)}`);
  if (t.questsGiven) parts.push(`took my tasks ${t.quests.map((q) => `"${q}"`).join(', ')}`);
  if (t.questsDone) parts.push(`finished ${t.questsDone} of them`);
  if (t.insults) parts.push(`insulted me ${times(t.insults)}`);
  if (t.violence) parts.push(`attacked me ${times(t.violence)}`);
  const text = `What I know of ${name}: ${parts.join('; ')}.`;
  return text.length <= 240 ? text : `${text.slice(0, 238).trimEnd()}….`.slice(0, 240);
}

export interface ReflectOptions {
  /** Episodes kept before folding (the bound). */
  maxEpisodes: number;
  /** Newest episodes left as they are when folding. */
  keepRecent: number;
}

export const DEFAULT_REFLECT: ReflectOptions = { maxEpisodes: 12, keepRecent: 6 };

/**
 * Folds the oldest episodes into the reflection when there are more than `maxEpisodes`. Returns the
 * new state and the ids folded away (for the PostgreSQL copy), or the state unchanged.
 */
export function reflect(state: PlayerMemoryState, opts: ReflectOptions = DEFAULT_REFLECT): { state: PlayerMemoryState; folded: string[] } {
  if (state.episodes.length <= opts.maxEpisodes) return { state, folded: [] };
  const keep = Math.min(opts.keepRecent, opts.maxEpisodes);
  const cut = state.episodes.length - keep;
  const old = state.episodes.slice(0, cut);
  const recent = state.episodes.slice(cut);
  const acc = accOf(state.reflection?.tally ?? emptyTally(old[0]?.at ?? state.firstSeen));
  for (const m of old) addInto(acc, m);
  const tally = done(acc);
  const importance = Math.max(state.reflection?.importance ?? 0, ...old.map((m) => m.importance));
  const at = Math.max(state.reflection?.at ?? 0, ...old.map((m) => m.at));
  const reflection: Memory = {
    id: 'reflection',
    kind: 'reflection',
    text: summaryText(tally, state.name ?? 'this player', state.visits),
    importance,
    at,
    tally,
  };
  return { state: { ...state, episodes: recent, reflection }, folded: old.map((m) => m.id) };
}
