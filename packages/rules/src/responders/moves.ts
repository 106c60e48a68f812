/**
 * Moves (an action, what the NPC says, an emotion) and candidates (a move built lazily, only when
 * its action type is allowed), plus best-effort arguments for any action type.
 */
import type { Action, ActionType, DialogueState, Emotion } from '@npc/contracts';
import { findItem } from '../entities';
import { findTown } from '../entities';
import { clampInt, eligibleQuests, findJobOffer, questForProgress, short, zeny, type Ctx } from './context';
import type { Lines } from './lines';
import { fillLine } from './lines';
import type { SayOptions, Tone } from './voice';

/** What a move leaves the conversation about (the topic's slots and the NPC's open question). */
export type DialogueNote = Partial<Pick<DialogueState, 'topic' | 'item' | 'amount' | 'destination' | 'place' | 'quest' | 'job' | 'price' | 'open'>>;

export interface Move {
  readonly action: Action;
  readonly say: string;
  readonly emotion: Emotion | null;
  /** What the conversation is about after this move (kept in the dialogue state by the agent). */
  readonly note?: DialogueNote;
}

export interface Candidate {
  readonly type: ActionType;
  /** Builds the move; undefined when it does not fit after all (e.g. no money). */
  readonly build: () => Move | undefined;
}

export const candidate = (type: ActionType, build: () => Move | undefined): Candidate => ({ type, build });

/** The same candidate, leaving `note` in the dialogue state when it is the move made. */
export const noting = (c: Candidate, note: DialogueNote): Candidate => candidate(c.type, () => {
  const m = c.build();
  return m ? { ...m, note: { ...m.note, ...note } } : undefined;
});

/** A `talk` candidate in the NPC's voice. */
export function talk(ctx: Ctx, tone: Tone, core: string, emotion: Emotion | null, opts?: SayOptions): Candidate {
  return candidate('talk', () => ({ action: { type: 'talk', args: {} }, say: ctx.voice.say(tone, core, opts), emotion }));
}

/** A `talk` candidate from a role line bank. */
export function talkLine(ctx: Ctx, tone: Tone, lines: Lines, emotion: Emotion | null, opts?: SayOptions): Candidate {
  return candidate('talk', () => ({
    action: { type: 'talk', args: {} },
    say: ctx.voice.say(tone, fillLine(ctx.voice.pick(lines), ctx.npc.name, ctx.voice.you), opts),
    emotion,
  }));
}

export const emote = (emotion: Emotion): Candidate =>
  candidate('emote', () => ({ action: { type: 'emote', args: {} }, say: '', emotion }));

export const ignore = (): Candidate => candidate('ignore', () => ({ action: { type: 'ignore', args: {} }, say: '', emotion: null }));

/** A move with an action and a line said in the NPC's voice. */
export function act(ctx: Ctx, action: Action, tone: Tone, core: string, emotion: Emotion | null, opts?: SayOptions): Candidate {
  return candidate(action.type, () => ({ action, say: ctx.voice.say(tone, core, opts), emotion }));
}

/** Action types from the safest to the most consequential: the order of last-resort fallbacks. */
export const SAFE_ORDER: readonly ActionType[] = [
  'talk', 'emote', 'ignore', 'give_directions', 'quote_price', 'open_shop', 'open_storage', 'refine', 'save_point', 'walk',
  'warp', 'give_quest', 'complete_quest', 'buy', 'sell', 'job_change', 'call_guards', 'attack',
];

/**
 * Best-effort arguments for an action type. With `fromServices` only arguments backed by the NPC's
 * services or the request are returned (undefined otherwise); without it, safe defaults fill the
 * gaps so that a valid action always exists.
 */
export function defaultAction(type: ActionType, ctx: Ctx, fromServices: boolean): Action | undefined {
  const s = ctx.services;
  const here = ctx.here;
  const slots = ctx.rec.slots;
  switch (type) {
    case 'talk': case 'emote': case 'ignore':
      return { type, args: {} };
    case 'open_shop':
      return fromServices && !s.shop?.length && !s.buys?.length ? undefined : { type, args: {} };
    case 'open_storage':
      if (s.storage) return { type, args: { fee: zeny(s.storage.fee) } };
      return fromServices ? undefined : { type, args: {} };
    case 'refine':
      if (s.refine) return { type, args: { fee: zeny(s.refine.fee) } };
      return fromServices ? undefined : { type, args: {} };
    case 'save_point':
      if (s.savePoint) return { type, args: { map: s.savePoint.map, x: s.savePoint.x, y: s.savePoint.y } };
      if (here.map) return { type, args: { ...here } };
      return fromServices ? undefined : { type, args: {} };
    case 'give_directions': {
      const d = s.directions?.[0];
      if (d) return { type, args: { destination: short(d.place), ...(d.map ? { map: d.map } : {}), ...(d.x === undefined ? {} : { x: d.x }), ...(d.y === undefined ? {} : { y: d.y }) } };
      if (slots.town) return { type, args: { destination: short(slots.town.name), map: slots.town.map, ...(slots.town.x === undefined ? {} : { x: slots.town.x }), ...(slots.town.y === undefined ? {} : { y: slots.town.y }) } };
      if (fromServices) return undefined;
      return { type, args: { destination: here.map ? short(findTown(here.map)?.name ?? here.map) : 'the town centre', ...here } };
    }
    case 'walk': {
      if (here.x !== undefined && here.y !== undefined) return { type, args: { ...(here.map ? { map: here.map } : {}), x: here.x, y: here.y } };
      const p = s.savePoint;
      if (p) return { type, args: { map: p.map, x: p.x, y: p.y } };
      const d = s.directions?.find((dd) => dd.x !== undefined && dd.y !== undefined);
      if (d && d.x !== undefined && d.y !== undefined) return { type, args: { ...(d.map ? { map: d.map } : {}), x: d.x, y: d.y } };
      return fromServices ? undefined : { type, args: { x: 100, y: 100 } };
    }
    case 'warp': {
      const w = s.warps?.[0];
      if (w) return { type, args: { destination: short(w.destination), map: w.map, x: w.x, y: w.y, fee: zeny(w.fee) } };
      if (fromServices) return undefined;
      const t = slots.town;
      if (t) return { type, args: { destination: short(t.name), map: t.map, ...(t.x === undefined ? {} : { x: t.x }), ...(t.y === undefined ? {} : { y: t.y }) } };
      const p = s.savePoint;
      if (p) return { type, args: { destination: 'your save point', map: p.map, x: p.x, y: p.y } };
      if (here.map) return { type, args: { destination: short(findTown(here.map)?.name ?? here.map), ...here } };
      return { type, args: { destination: 'Prontera', map: 'prontera', x: 156, y: 191 } };
    }
    case 'quote_price': {
      const g = s.shop?.[0] ?? s.buys?.[0];
      if (g) return { type, args: { item: short(g.item, 64), price: zeny(g.price) } };
      const w = s.warps?.[0];
      if (w) return { type, args: { item: short(`Warp to ${w.destination}`, 64), price: zeny(w.fee) } };
      if (s.storage) return { type, args: { item: 'Kafra Storage', price: zeny(s.storage.fee) } };
      if (s.refine) return { type, args: { item: 'Refine', price: zeny(s.refine.fee) } };
      if (fromServices) return undefined;
      const known = slots.item ? findItem(slots.item) : undefined;
      return { type, args: { item: known?.name ?? 'Red Potion', price: known?.price ?? 50 } };
    }
    case 'buy': {
      const g = s.shop?.find((e) => e.stock === undefined || e.stock > 0);
      if (g) return { type, args: { item: short(g.item, 64), amount: 1, price: zeny(g.price) } };
      if (fromServices) return undefined;
      const known = (slots.item ? findItem(slots.item) : undefined) ?? findItem('Red Potion');
      const amount = clampInt(slots.amount ?? 1, 1, 30_000);
      return { type, args: { item: known?.name ?? 'Red Potion', amount, price: zeny((known?.price ?? 50) * amount) } };
    }
    case 'sell': {
      const g = s.buys?.[0];
      if (g) return { type, args: { item: short(g.item, 64), amount: 1, price: zeny(g.price) } };
      if (fromServices) return undefined;
      const known = (slots.item ? findItem(slots.item) : undefined) ?? findItem('Jellopy');
      const amount = clampInt(slots.amount ?? 1, 1, 30_000);
      return { type, args: { item: known?.name ?? 'Jellopy', amount, price: zeny(Math.floor((known?.price ?? 6) / 2) * amount) } };
    }
    case 'give_quest': {
      const quests = s.quests ?? [];
      const q = eligibleQuests(ctx, quests)[0] ?? quests[0];
      if (q) return { type, args: { quest: short(q.id), ...(q.minLevel === undefined ? {} : { level: q.minLevel }), ...(q.reward ? { reward: short(q.reward) } : {}) } };
      return fromServices ? undefined : { type, args: { quest: 'errand' } };
    }
    case 'complete_quest': {
      const q = questForProgress(ctx, s.quests ?? []);
      if (q) return { type, args: { quest: short(q.id), ...(q.reward ? { reward: short(q.reward) } : {}) } };
      return fromServices ? undefined : { type, args: { quest: 'errand' } };
    }
    case 'job_change': {
      const jobs = s.jobs ?? [];
      const job = findJobOffer(ctx, jobs) ?? jobs[0];
      if (job) return { type, args: { job: short(job) } };
      if (fromServices) return undefined;
      return { type, args: { job: short(ctx.request.player.job ?? 'Novice') } };
    }
    case 'call_guards':
      return fromServices ? undefined : { type, args: { reason: 'disturbance' } };
    case 'attack':
      return fromServices ? undefined : { type, args: {} };
  }
}
