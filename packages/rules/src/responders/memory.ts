/**
 * What the NPC's memory of the player and its knowledge of the world add to a reply: a remark that
 * shows it remembers ("Back again, Aria? Those 10 Red Potions served you well?"), grudges, and
 * news ("Did you hear? Baphomet spawned on prt_fild08."). Deterministic: wording is picked by the
 * voice's seeded generator; every name said comes from the NPC's own memory (its services, the
 * gazetteer) or from admin-written world events, never from raw player text.
 */
import type { Intent, MemoryRecall, RecalledMemory, WorldEvent } from '@npc/contracts';
import type { Ctx } from './context';
import type { Lines } from './lines';
import { sentence } from './text';

/** Intents where meeting the player again is worth a remark whatever the memory is about. */
const ENCOUNTER: ReadonlySet<Intent> = new Set<Intent>(['greet', 'smalltalk', 'farewell', 'help', 'unknown', 'lore']);

const plural = (item: string, amount: number | undefined): string =>
  amount !== undefined && amount > 1 && !/s$/i.test(item) ? `${item}s` : item;

const countOf = (item: string | undefined, amount: number | undefined): string =>
  item ? (amount && amount > 1 ? `${amount} ${plural(item, amount)}` : item) : 'what you bought';

function fill(line: string, you: string): string {
  return line.replace(/\{Y\}/g, you);
}

/** A remark showing what the NPC remembers of the player, or undefined (a stranger, or nothing fits). */
export function memoryRemark(ctx: Ctx): string | undefined {
  const m = ctx.memory;
  if (!m || (m.visits === 0 && m.memories.length === 0)) return undefined;
  const v = ctx.voice;
  const you = v.player ?? (v.warmth === 'low' ? 'you' : 'friend');
  const curt = v.warmth === 'low';
  const intent = ctx.rec.intent.name;
  const pick = (warm: Lines, cold: Lines): string => fill(v.pick(curt ? cold : warm), you);
  const t = m.tally;

  // Grudges colour everything.
  if (t.violence > 0) {
    return pick(['I remember you raising your weapon here, {Y}.', 'You attacked me once, {Y}. I have not forgotten.'],
      ['You again, {Y}! I remember you raising your weapon here.', 'Back after attacking me, {Y}? Bold.']);
  }
  if (t.insults > 0) {
    if (intent === 'insult') return pick(['Again, {Y}? I asked you kindly before.'], ['Again, {Y}? I warned you last time.', 'You never learn, do you, {Y}?']);
    return pick(['I remember your harsh words, {Y}, but let us start over.', 'Let us forget what you said last time, {Y}.'],
      ['I have not forgotten your words, {Y}.', 'You again, {Y}. Mind your tongue this time.']);
  }

  const encounter = ENCOUNTER.has(intent) || ctx.request.event.type === 'proximity';
  if (!encounter) {
    const relevant = m.memories.find((r) => r.relevance > 0 && matchesIntent(intent, r));
    return relevant ? transactionalRemark(intent, relevant, pick) : undefined;
  }
  const top = m.memories[0];
  if (!top) return pick(['Good to see you again, {Y}.', 'Welcome back, {Y}.'], ['You again, {Y}.']);
  return encounterRemark(top, m, pick);
}

type Pick = (warm: Lines, cold: Lines) => string;

function matchesIntent(intent: Intent, r: RecalledMemory): boolean {
  switch (intent) {
    case 'buy': case 'price_check': return r.kind === 'purchase';
    case 'sell': return r.kind === 'sale';
    case 'quest_request': return r.kind === 'quest_given' || r.kind === 'quest_done' || r.kind === 'deferred';
    case 'quest_progress': return r.kind === 'quest_given' || r.kind === 'quest_done';
    case 'warp': return r.kind === 'warp';
    case 'job_change': return r.kind === 'job_change';
    case 'refine': return r.kind === 'refine';
    default: return false;
  }
}

function transactionalRemark(intent: Intent, r: RecalledMemory, pick: Pick): string | undefined {
  const f = r.facts ?? {};
  switch (r.kind) {
    case 'purchase':
      return f.item ? pick([`More ${plural(f.item, 2)}, {Y}? Last time you took ${f.amount ?? 1}.`, `${plural(f.item, 2)} again, {Y}? Last time it was ${f.amount ?? 1}.`],
        [`More ${plural(f.item, 2)}? You took ${f.amount ?? 1} last time.`]) : undefined;
    case 'sale':
      return f.item ? pick([`More ${f.item} to sell, {Y}? Last time I took ${f.amount ?? 1}.`], [`More ${f.item}? I took ${f.amount ?? 1} last time.`]) : undefined;
    case 'quest_given':
      if (!f.questName) return undefined;
      return intent === 'quest_request'
        ? pick([`You are still on ${f.questName}, {Y}.`, `Did you finish ${f.questName} already, {Y}?`], [`Finish ${f.questName} first, {Y}.`])
        : pick([`Ah, ${f.questName}! Let me see, {Y}.`], [`${f.questName}. Let me see.`]);
    case 'quest_done':
      return f.questName ? pick([`Back for more work after ${f.questName}, {Y}?`], [`${f.questName} was done well. More?`]) : undefined;
    case 'deferred':
      return f.other ? pick([`Done with ${f.other}'s errand, {Y}? Then I have one for you.`], [`Done with ${f.other}, {Y}? Good.`]) : undefined;
    case 'warp':
      return f.destination ? pick([`${f.destination} again, {Y}?`], [`${f.destination} again?`]) : undefined;
    case 'job_change':
      return f.job ? pick([`You are already on your way as a ${f.job}, {Y}.`], [`You are a ${f.job} already.`]) : undefined;
    case 'refine':
      return pick(['Back at the forge, {Y}? How did the last refine hold up?'], ['Back at the anvil, {Y}?']);
    default:
      return undefined;
  }
}

function encounterRemark(top: RecalledMemory, m: MemoryRecall, pick: Pick): string {
  const f = top.facts ?? {};
  switch (top.kind) {
    case 'purchase':
      return pick([`Back again, {Y}? Those ${countOf(f.item, f.amount)} served you well?`, `Welcome back, {Y}! How were those ${countOf(f.item, f.amount)}?`],
        [`Back again, {Y}. Those ${countOf(f.item, f.amount)} did not last, eh?`]);
    case 'sale':
      return pick([`Back again, {Y}? The ${countOf(f.item, f.amount)} you sold me are selling nicely.`], [`You again, {Y}. Bringing more ${f.item ?? 'loot'}?`]);
    case 'quest_given':
      return pick([`Ah, {Y}! How goes ${f.questName ?? 'your task'}?`, `{Y}! Any luck with ${f.questName ?? 'your task'}?`], [`{Y}. Is ${f.questName ?? 'your task'} done yet?`]);
    case 'quest_done':
      return pick([`{Y}! Thank you again for ${f.questName ?? 'your help'}.`], [`{Y}. You did well with ${f.questName ?? 'that task'}.`]);
    case 'warp':
      return pick([`Back from ${f.destination ?? 'your trip'}, {Y}?`], [`Back from ${f.destination ?? 'your trip'}, {Y}.`]);
    case 'job_change':
      return pick([`How is life as a ${f.job ?? 'new class'}, {Y}?`], [`Still a ${f.job ?? 'novice'} at heart, {Y}?`]);
    case 'refine':
      return pick(['How is that refined gear holding up, {Y}?'], ['Broke your gear again, {Y}?']);
    case 'deferred':
      return pick([`Ah, {Y}! Did ${f.other ?? 'the others'} sort you out?`], [`{Y}. Done with ${f.other ?? 'the others'}?`]);
    case 'reflection':
      if (m.tally.purchases >= 3) return pick(['Welcome back, {Y}, my best customer!', 'Ah, {Y}, my favourite customer!'], ['You again, {Y}. A regular, I suppose.']);
      return pick(['Good to see you again, {Y}.', 'Welcome back, {Y}. It has been a while.'], ['You again, {Y}.']);
    default:
      return pick(['Good to see you again, {Y}.', 'Welcome back, {Y}.', 'Ah, {Y}! Nice to see you again.'], ['You again, {Y}.', 'Back again, {Y}?']);
  }
}

/** The world event worth mentioning in this reply, if any. */
export function relevantNews(ctx: Ctx): WorldEvent | undefined {
  const news = ctx.memory?.news;
  if (!news?.length) return undefined;
  const intent = ctx.rec.intent.name;
  const s = ctx.services;
  const sells = (item: string | undefined): boolean =>
    Boolean(item) && [...(s.shop ?? []), ...(s.buys ?? [])].some((e) => e.item.toLowerCase() === item?.toLowerCase());
  for (const e of news) {
    if (e.type === 'price_change') {
      // Merchants mention it when the player trades the item (or just chats); others keep quiet.
      if (!sells(e.item)) continue;
      const trading = intent === 'buy' || intent === 'sell' || intent === 'price_check';
      if (trading || ENCOUNTER.has(intent)) return e;
      continue;
    }
    if (ENCOUNTER.has(intent) || intent === 'directions' || ctx.request.event.type === 'proximity') return e;
  }
  return undefined;
}

/** A sentence about a world event, in the NPC's manner (guards warn, others gossip). */
export function newsLine(ctx: Ctx, e: WorldEvent): string {
  const text = sentence(e.text.charAt(0).toUpperCase() + e.text.slice(1));
  const v = ctx.voice;
  if (e.type === 'price_change') return v.pick([`Prices changed: ${text}`, `Mind you: ${text}`]);
  if (e.type === 'boss_spawn' || e.type === 'danger') {
    return ctx.npc.role === 'guard' ? v.pick([`Be careful out there: ${text}`, `Stay alert: ${text}`]) : v.pick([`Did you hear? ${text}`, `Be careful: ${text}`]);
  }
  return v.pick([`Did you hear? ${text}`, `News: ${text}`]);
}
