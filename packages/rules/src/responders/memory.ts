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

const plural = (item: string, amount: number | undefined, english: boolean): string =>
  english && amount !== undefined && amount > 1 && !/s$/i.test(item) ? `${item}s` : item;

const countOf = (item: string | undefined, amount: number | undefined, english: boolean): string | undefined =>
  item ? (amount && amount > 1 ? `${amount} ${plural(item, amount, english)}` : item) : undefined;

function fill(line: string, you: string): string {
  return line.replace(/\{Y\}/g, you);
}

/** A remark showing what the NPC remembers of the player, or undefined (a stranger, or nothing fits). */
export function memoryRemark(ctx: Ctx): string | undefined {
  const m = ctx.memory;
  if (!m || (m.visits === 0 && m.memories.length === 0)) return undefined;
  const v = ctx.voice;
  const cat = v.cat;
  const you = v.player ?? (v.warmth === 'low' ? cat.you : cat.friend);
  const curt = v.warmth === 'low';
  const intent = ctx.rec.intent.name;
  const pick = (warm: Lines, cold: Lines): string => fill(v.pick(curt ? cold : warm), you);
  const r = cat.remarks;

  // Grudges colour everything (what is left of them after time, apologies and kindness).
  if (ctx.grudge.violence >= 0.5) return pick(r.attacked, r.attackedCold);
  if (ctx.grudge.insults >= 0.5) {
    if (intent === 'insult') return pick(r.insultAgain, r.insultAgainCold);
    return pick(r.insulted, r.insultedCold);
  }

  const encounter = ENCOUNTER.has(intent) || ctx.request.event.type === 'proximity';
  if (!encounter) {
    const relevant = m.memories.find((x) => x.relevance > 0 && matchesIntent(intent, x));
    return relevant ? transactionalRemark(ctx, intent, relevant, pick) : undefined;
  }
  const top = m.memories[0];
  if (!top) return pick(r.welcome, r.welcomeCold);
  return encounterRemark(ctx, top, m, pick);
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

function transactionalRemark(ctx: Ctx, intent: Intent, r: RecalledMemory, pick: Pick): string | undefined {
  const cat = ctx.voice.cat;
  const f = r.facts ?? {};
  switch (r.kind) {
    case 'purchase':
      return f.item ? pick(cat.moreOf(f.item, f.amount ?? 1), cat.moreOfCold(f.item, f.amount ?? 1)) : undefined;
    case 'sale':
      return f.item ? pick(cat.moreToSell(f.item, f.amount ?? 1), cat.moreToSell(f.item, f.amount ?? 1)) : undefined;
    case 'quest_given':
      if (!f.questName) return undefined;
      return intent === 'quest_request' ? pick(cat.stillOn(f.questName), cat.stillOnCold(f.questName)) : pick(cat.letMeSee(f.questName), cat.letMeSee(f.questName));
    case 'quest_done':
      return f.questName ? pick(cat.moreWorkAfter(f.questName), cat.moreWorkAfter(f.questName)) : undefined;
    case 'deferred':
      return f.other ? pick(cat.doneWithOther(f.other), cat.doneWithOther(f.other)) : undefined;
    case 'warp':
      return f.destination ? pick(cat.againTo(f.destination), cat.againTo(f.destination)) : undefined;
    case 'job_change':
      return f.job ? pick(cat.alreadyJob(f.job), cat.alreadyJob(f.job)) : undefined;
    case 'refine':
      return pick(cat.backAtForge, cat.backAtForge);
    default:
      return undefined;
  }
}

function encounterRemark(ctx: Ctx, top: RecalledMemory, m: MemoryRecall, pick: Pick): string {
  const cat = ctx.voice.cat;
  const r = cat.remarks;
  const f = top.facts ?? {};
  switch (top.kind) {
    case 'purchase': {
      const what = countOf(f.item, f.amount, cat.lang === 'en');
      return what ? pick(cat.boughtBefore(what), cat.boughtBeforeCold(what)) : pick(r.welcome, r.welcomeCold);
    }
    case 'sale': {
      const what = countOf(f.item, f.amount, cat.lang === 'en');
      return what ? pick(cat.soldBefore(what), r.welcomeCold) : pick(r.welcome, r.welcomeCold);
    }
    case 'quest_given':
      return pick(cat.howGoes(f.questName ?? cat.yourTask), cat.howGoes(f.questName ?? cat.yourTask));
    case 'quest_done':
      return f.questName ? pick(cat.thanksAgain(f.questName), cat.thanksAgain(f.questName)) : pick(r.welcome, r.welcomeCold);
    case 'warp':
      return f.destination ? pick(cat.backFrom(f.destination), cat.backFrom(f.destination)) : pick(r.welcome, r.welcomeCold);
    case 'job_change':
      return f.job ? pick(cat.lifeAs(f.job), cat.lifeAs(f.job)) : pick(r.welcome, r.welcomeCold);
    case 'refine':
      return pick(cat.refinedHolding, cat.refinedHolding);
    case 'deferred':
      return f.other ? pick(cat.otherSorted(f.other), cat.otherSorted(f.other)) : pick(r.welcome, r.welcomeCold);
    case 'reflection':
      if (m.tally.purchases >= 3) return pick(r.bestCustomer, r.welcomeCold);
      return pick(r.welcome, r.welcomeCold);
    default:
      return pick(r.welcome, r.welcomeCold);
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
  const cat = v.cat;
  const lines = e.type === 'price_change' ? cat.newsPrice
    : e.type === 'boss_spawn' || e.type === 'danger' ? (ctx.npc.role === 'guard' ? cat.newsWarn : cat.newsGossip) : cat.newsPlain;
  return v.pick(lines).split('{X}').join(text);
}
