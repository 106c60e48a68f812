/**
 * Follow-ups: a short message that only makes sense after the last turn ("a dozen", "two more",
 * "all of them", "that one", "over there", "the blue ones", "sure, go ahead", "nah", "actually,
 * make it izlude", "and the church?") resolved against the conversation's state (`DialogueState`,
 * kept per NPC and player by packages/agent). Pure. It works on the normalised text, which is
 * English for every language (`language/translate.ts`), so one set of patterns serves all four.
 *
 * The result is the recognition the responders act on (intent and slots filled from the state)
 * and what the message was: a confirmation, a refusal, a choice among the NPC's options, an
 * apology or thanks. When what the player means is ambiguous, `choices` lists the options and
 * the NPC asks instead of guessing.
 */
import type { ActionType, DialogueState, Intent, Npc } from '@npc/contracts';
import { findItem, findTown } from './entities';
import { pickByName } from './fuzzy';
import type { Recognition, Slots } from './types';

export interface FollowUp {
  readonly recognition: Recognition;
  /** Several things fit: the NPC asks which (names to choose from). */
  readonly choices?: readonly string[];
  readonly allOfThem?: boolean;
  /** Yes to the NPC's offer, or an explicit amount for it: the transaction goes ahead. */
  readonly confirmed?: boolean;
  readonly refused?: boolean;
  readonly gesture?: 'apology' | 'thanks';
  /** Whether the state was used at all. */
  readonly resolved: boolean;
}

const CONFIRM = /^(yes|yeah|yep|sure|ok|okay|alright|deal|go ahead|do it|lets go|let us go|please|why not|of course|fine|sounds good|perfect|great|cool|i will take it|take it|that one|yes please|ok please|sure please)\b/;
const REFUSE = /^(no|nope|nah|no thanks|not now|never mind|maybe later|forget it|i am good|no way|not today|later)\b/;
const CORRECTION = /\b(actually|make it|instead|rather|i mean|no wait|change it to|correction)\b/;
const CONTINUATION = /^(and|what about|how about|also)\b/;
const MORE = /\b(\d+|a|one|two|three|four|five|ten) more\b|\bmore\b/;
const ALL = /\b(all of (them|those|it)|all|everything|the lot|every one)\b/;
const DOZEN = /\b(half a dozen|a dozen|dozen)\b/;
const THERE = /\b(over there|there|that place|that way)\b/;
const THAT = /\b(that|it|those|them|this one|that one|the same|same|these)\b/;
const COLOUR = /\b(red|blue|yellow|white|green|orange)( ones?)?\b/;
const ORDINAL: Readonly<Record<string, number>> = { first: 0, second: 1, third: 2, fourth: 3, last: -1 };
const APOLOGY = /\b(sorry|i apologize|apologies|my bad|forgive me|i did not mean it)\b/;
const THANKS = /^(thanks|thank you|cheers|much appreciated|thanks a lot)\b/;
/** Words a bare amount or answer may come with ("12 please", "i will take 5", "give me a dozen"). */
const FILLER = new Set(['please', 'give', 'me', 'i', 'will', 'take', 'want', 'would', 'like', 'of', 'them', 'those', 'just', 'make', 'it', 'ok', 'then', 'and',
  'the', 'a', 'an', 'ones', 'one', 'more', 'dozen', 'half', 'x', 'bro', 'dude', 'sis', 'miss', 'sir', 'mister', 'friend', 'all', 'actually', 'yes', 'sure', 'can', 'get', 'have',
  'pcs', 'pieces', 'units', 'so', 'well', 'hmm', 'um']);

/** The intent a "yes" to an open offer stands for. */
const ACTION_INTENT: Partial<Readonly<Record<ActionType, Intent>>> = {
  buy: 'buy', sell: 'sell', warp: 'warp', open_storage: 'storage', refine: 'refine', give_quest: 'quest_request', give_directions: 'directions',
  save_point: 'save_point', job_change: 'job_change', quote_price: 'price_check', open_shop: 'buy',
};

const TRANSACTIONAL: ReadonlySet<Intent> = new Set<Intent>(['buy', 'sell', 'price_check', 'warp', 'directions', 'storage', 'refine', 'quest_request', 'job_change']);

function amountOf(text: string, tokens: readonly string[], rec: Recognition): number | undefined {
  if (/\bhalf a dozen\b/.test(text)) return 6;
  if (DOZEN.test(text)) return 12;
  if (rec.slots.amount !== undefined) return rec.slots.amount;
  const words: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20 };
  for (const t of tokens) {
    if (/^\d{1,5}$/.test(t)) return Number(t);
    if (words[t] !== undefined) return words[t];
  }
  return undefined;
}

/** The slots the state stands for (item, destination as a town, place). */
function slotsFromState(state: DialogueState, npc: Pick<Npc, 'services'>): Slots {
  const out: { -readonly [K in keyof Slots]: Slots[K] } = {};
  if (state.item) out.item = state.item;
  if (state.amount !== undefined) out.amount = state.amount;
  if (state.destination) {
    const t = findTown(state.destination);
    const w = npc.services.warps?.find((e) => e.destination === state.destination);
    if (w) out.town = { name: w.destination, map: w.map, x: w.x, y: w.y };
    else if (t) out.town = { name: t.name, map: t.map, ...(t.x === undefined ? {} : { x: t.x }), ...(t.y === undefined ? {} : { y: t.y }) };
  }
  if (state.place) out.place = state.place;
  if (state.job) out.job = state.job;
  return out;
}

/** The names among `names` a colour or an ordinal in the text picks ("the blue ones", "the first"). */
function byColourOrOrdinal(text: string, names: readonly string[]): string[] | undefined {
  const c = COLOUR.exec(text);
  if (c) {
    const hits = names.filter((n) => new RegExp(`\\b${c[1] ?? ''}\\b`, 'i').test(n));
    if (hits.length > 0) return hits;
  }
  for (const [word, i] of Object.entries(ORDINAL)) {
    if (new RegExp(`\\b(the )?${word}( one)?\\b`).test(text)) {
      const n = i < 0 ? names[names.length - 1] : names[i];
      if (n) return [n];
    }
  }
  return undefined;
}

/** Resolves a message against the conversation's state (see the module comment). */
export function resolveFollowUp(rec: Recognition, state: DialogueState | undefined, npc: Pick<Npc, 'services'>): FollowUp {
  const text = rec.normalized;
  const tokens = text.length > 0 ? text.split(' ') : [];
  const short = tokens.length <= 7;
  // Gestures stand on their own (with or without a state).
  if (rec.intent.name !== 'insult' && short && APOLOGY.test(text)) return { recognition: rec, gesture: 'apology', resolved: false };
  if (short && THANKS.test(text) && (rec.intent.name === 'smalltalk' || rec.intent.name === 'farewell' || rec.intent.name === 'unknown') && !/\b(bye|goodbye|see you)\b/.test(text)) {
    return { recognition: rec, gesture: 'thanks', resolved: false };
  }
  if (!state || rec.injection || tokens.length === 0) return { recognition: rec, resolved: false };

  const open = state.open;
  const topic = state.topic;
  const offerIntent = open?.action ? ACTION_INTENT[open.action] : undefined;
  const stateSlots = slotsFromState(state, npc);
  const newSlots = rec.slots;
  const hasNewThing = newSlots.item !== undefined || newSlots.town !== undefined || newSlots.place !== undefined || newSlots.job !== undefined;
  const strong = rec.intent.name !== 'unknown' && rec.intent.confidence >= 0.75 && hasNewThing;
  const as = (intent: Intent, slots: Slots, extra: Omit<FollowUp, 'recognition' | 'resolved'> = {}): FollowUp => ({
    recognition: { ...rec, intent: { name: intent, confidence: Math.max(0.9, rec.intent.confidence) }, slots }, resolved: true, ...extra,
  });

  // A refusal of the open offer or question.
  if (short && open && REFUSE.test(text) && !hasNewThing) return { recognition: { ...rec, intent: { name: 'smalltalk', confidence: 0.9 } }, refused: true, resolved: true };

  // An answer to "which one?": a name, a colour, an ordinal.
  if (open?.kind === 'choose' && open.choices?.length) {
    const slotName = open.slot ?? 'item';
    const direct = newSlots.item ?? newSlots.town?.name ?? newSlots.place ?? newSlots.job;
    let picked: string[] | undefined;
    if (direct) {
      const i = pickByName(direct.replace(/^the /, ''), open.choices);
      if (i >= 0 && open.choices[i]) picked = [open.choices[i]];
    }
    picked ??= byColourOrOrdinal(text, open.choices);
    if (!picked) {
      const i = pickByName(text.replace(/\b(the|one|ones|please|i want|give me)\b/g, ' ').trim(), open.choices);
      if (i >= 0 && open.choices[i]) picked = [open.choices[i]];
    }
    if (picked && picked.length === 1) {
      const name = picked[0] ?? '';
      const intent = offerIntent ?? topic ?? rec.intent.name;
      const slots: { -readonly [K in keyof Slots]: Slots[K] } = { ...stateSlots, ...(newSlots.amount !== undefined ? { amount: newSlots.amount } : {}) };
      if (slotName === 'item') slots.item = name;
      else if (slotName === 'destination') Object.assign(slots, slotsFromState({ ...state, destination: name }, npc));
      else if (slotName === 'place') slots.place = name;
      else slots.job = name;
      return as(intent, slots, { confirmed: offerIntent !== undefined && offerIntent !== 'price_check' });
    }
    if (picked && picked.length > 1 && !strong) return as(offerIntent ?? topic ?? rec.intent.name, stateSlots, { choices: picked });
  }

  // A new, clear request about something else: not a follow-up.
  if (strong && !CORRECTION.test(text) && !CONTINUATION.test(text)) return { recognition: rec, resolved: false };

  // "actually, make it izlude" / "and the church?": the last topic with the new slot.
  if ((CORRECTION.test(text) || CONTINUATION.test(text)) && hasNewThing && topic) {
    const slots: { -readonly [K in keyof Slots]: Slots[K] } = { ...stateSlots };
    if (newSlots.item) { slots.item = newSlots.item; delete slots.amount; }
    if (newSlots.town) { slots.town = newSlots.town; delete slots.place; }
    if (newSlots.place) { slots.place = newSlots.place; delete slots.town; }
    if (newSlots.job) slots.job = newSlots.job;
    if (newSlots.amount !== undefined) slots.amount = newSlots.amount;
    return as(topic, slots);
  }
  // "actually, make it 5" / "make it 12": the last topic with the new amount.
  if (CORRECTION.test(text) && topic && (state.item || state.destination)) {
    const n = amountOf(text, tokens, rec);
    if (n !== undefined) return as(topic === 'price_check' && offerIntent ? offerIntent : topic, { ...stateSlots, amount: n }, { confirmed: true });
  }

  // "the blue ones" (a colour among the NPC's goods).
  if (COLOUR.test(text) && !newSlots.item && (topic === 'buy' || topic === 'price_check' || topic === 'sell')) {
    const names = (topic === 'sell' ? npc.services.buys : npc.services.shop)?.map((e) => e.item) ?? [];
    const hits = byColourOrOrdinal(text, names);
    if (hits && hits.length === 1) return as(topic === 'price_check' ? 'price_check' : topic, { ...stateSlots, item: hits[0] ?? '', ...(newSlots.amount !== undefined ? { amount: newSlots.amount } : {}) });
    if (hits && hits.length > 1) return as(topic, stateSlots, { choices: hits });
  }

  // Amounts after a quote or a sale: "a dozen", "12 please", "two more", "all of them".
  const trade = offerIntent === 'buy' || offerIntent === 'sell' ? offerIntent : topic === 'buy' || topic === 'sell' ? topic : undefined;
  const onlyAmount = tokens.every((t) => /^\d{1,5}$/.test(t) || FILLER.has(t) || ['two', 'three', 'four', 'five', 'six', 'ten', 'twenty'].includes(t));
  if (trade && state.item && !newSlots.item && (onlyAmount || MORE.test(text) || ALL.test(text) || THAT.test(text))) {
    const n = amountOf(text, tokens, rec);
    if (n !== undefined) return as(trade, { ...stateSlots, amount: n }, { confirmed: true });
    if (ALL.test(text)) {
      const { amount: _drop, ...rest } = stateSlots;
      return as(trade, rest, { allOfThem: true, confirmed: true });
    }
  }

  // "sure, go ahead": yes to the open offer.
  if (short && open && CONFIRM.test(text) && !hasNewThing) {
    const intent = offerIntent ?? topic;
    if (intent) return as(intent, { ...stateSlots, ...(open.kind === 'amount' && stateSlots.amount === undefined ? { amount: 1 } : {}) }, { confirmed: true });
  }

  // "take me there" / "how do i get there" / "i will take that": the thing last talked about.
  const refersThere = THERE.test(text) && !newSlots.town && !newSlots.place && (state.destination || state.place);
  const refersThat = THAT.test(text) && !hasNewThing && (state.item || state.destination);
  if (refersThere || refersThat) {
    const intent: Intent = rec.intent.name !== 'unknown' && rec.intent.name !== 'smalltalk' && rec.intent.name !== 'greet' ? rec.intent.name
      : offerIntent ?? topic ?? rec.intent.name;
    const slots = { ...stateSlots, ...(newSlots.amount !== undefined ? { amount: newSlots.amount } : {}) };
    if (TRANSACTIONAL.has(intent)) return as(intent, slots, { confirmed: intent === 'buy' || intent === 'sell' ? newSlots.amount !== undefined || /\b(take|give|want|buy|sell)\b/.test(text) : true });
  }
  // An item alone after a buying question ("fly wings?" after the shop list): the same topic.
  if (topic && TRANSACTIONAL.has(topic) && short && rec.intent.name === 'unknown' && hasNewThing) return as(topic, { ...newSlots });
  return { recognition: rec, resolved: false };
}

/** Whether an item name is a gazetteer item (used by tests and the agent's state notes). */
export const isGameItem = (name: string): boolean => findItem(name) !== undefined;
