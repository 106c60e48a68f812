/**
 * The rule-based responder: turns a recognition into a decision for one NPC. It never throws and
 * always returns a body that passes `decisionBodyFor(request.allowedActions)`: the intent's plan
 * is tried in order (only allowed action types are built), then talk / emote / ignore, then any
 * allowed action with arguments from the NPC's services, then with safe defaults.
 */
import {
  ActionArgs, NEUTRAL_PERSONALITY, SAY_MAX, languageOf, type Action, type ActionType, type DecisionBody, type DecisionRequest, type Language, type MemoryRecall, type Npc,
} from '@npc/contracts';
import { ALARM_THRESHOLD, NO_GRUDGE, escalates, isHaggling, priceAdjustmentPct, traitsToward, type Grudge } from '../disposition';
import type { Recognition } from '../types';
import { hereOf, safePlayerName, type Ctx } from './context';
import { memoryRemark, newsLine, relevantNews } from './memory';
import { catalogFor } from './i18n/index';
import { defaultAction, SAFE_ORDER, type Candidate, type DialogueNote, type Move } from './moves';
import { INTENT_EMOTION, planFor } from './plans/index';
import { Rng } from './rng';
import { clip, Voice, withoutRepeats } from './voice';

export interface RespondInput {
  readonly npc: Npc;
  readonly request: DecisionRequest;
  readonly recognition: Recognition;
  /** Seeds the wording choices: the same seed and input always give the same decision. */
  readonly seed: string;
  /** What the NPC remembers of the player and knows of the world: shown in the reply, and it shifts choices. */
  readonly memory?: MemoryRecall;
  /** Overrides from a behaviour tree. */
  readonly tuning?: RespondTuning;
  /** The NPC's language when the player's words show none and the game sent no hint (the server's default otherwise). */
  readonly defaultLanguage?: Language;
  /** Sentences of the last few replies to this player (`sentenceKey`), not said again when a variant exists. */
  readonly recent?: ReadonlySet<string>;
  /** Sets the difficulty-scaled args of a quest or a fight; the say is made from the result. */
  readonly scale?: (action: Action) => Action;
  /** What a follow-up resolved against the dialogue state (`followup.ts`). */
  readonly followUp?: Pick<Ctx, 'choices' | 'allOfThem' | 'confirmed' | 'refused' | 'gesture'>;
}

/** The language of the reply: the player's words when they show one, else the game's hint, the NPC's, the server's default. */
export function replyLanguage(recognition: Pick<Recognition, 'lang'>, request: Pick<DecisionRequest, 'player'>, npc: Pick<Npc, 'language'>, fallback?: Language): Language {
  return recognition.lang ?? languageOf(request.player.language) ?? npc.language ?? fallback ?? 'en';
}

/** A decision body and what it leaves the conversation about. */
export interface Responded {
  readonly body: DecisionBody;
  readonly note?: DialogueNote;
}

/** Knobs a behaviour tree may turn for one decision. */
export interface RespondTuning {
  /** Cap on the discount (percent) the NPC may give (`Discount` leaf); 0 = no haggling at all. */
  readonly discountCapPct?: number;
  /** Alarm level at which the NPC escalates against an insult (default ALARM_THRESHOLD). */
  readonly alarmThreshold?: number;
}

/** Decides what the NPC does and says (see the module comment). */
export function respond(input: RespondInput): DecisionBody {
  return respondWithNote(input).body;
}

/** `respond`, with what the chosen move leaves the conversation about (for the dialogue state). */
export function respondWithNote(input: RespondInput): Responded {
  const { npc, request, recognition } = input;
  const lang = replyLanguage(recognition, request, npc, input.defaultLanguage);
  const cat = catalogFor(lang);
  const allowedList: readonly ActionType[] = request.allowedActions;
  const allows = (t: ActionType): boolean => allowedList.includes(t);
  const intent = recognition.intent;
  const memory = input.memory;
  const tuning = input.tuning ?? {};
  const traits = npc.personality ?? NEUTRAL_PERSONALITY;
  // What is left of grudges after time, apologies and kindness (the raw counts when the memory has no feeling).
  const grudge: Grudge = memory
    ? memory.feeling ? { insults: memory.feeling.insults, violence: memory.feeling.violence } : { insults: memory.tally.insults, violence: memory.tally.violence }
    : NO_GRUDGE;
  const voice = new Voice({
    rng: new Rng(`${input.seed}|${npc.id}|${intent.name}`),
    cat,
    ...(input.recent ? { recent: input.recent } : {}),
    // A remembered insult makes the NPC colder toward this player (wording and curt lines).
    traits: traitsToward(traits, grudge),
    role: npc.role,
    npcName: npc.name,
    ...(() => {
      const player = safePlayerName(request.player.name ?? memory?.playerName);
      return player ? { player } : {};
    })(),
  });
  const haggling = isHaggling(recognition.normalized);
  const ctx: Ctx = {
    npc, request, voice, allows, memory, grudge, haggling,
    rec: recognition,
    services: npc.services ?? {},
    get tokens(): readonly string[] {
      return tokensOf(recognition.normalized);
    },
    here: hereOf(request),
    escalate: escalates(traits, grudge, 'insult', tuning.alarmThreshold ?? ALARM_THRESHOLD),
    alarmed: grudge.insults + grudge.violence >= 0.5 && escalates(traits, grudge, 'none', tuning.alarmThreshold ?? ALARM_THRESHOLD),
    priceAdjustmentPct: priceAdjustmentPct(traits, { haggling, loyal: (memory?.tally.purchases ?? 0) >= 2, rude: grudge.insults >= 0.5 }, tuning.discountCapPct),
    ...(input.scale ? { scale: input.scale } : {}),
    ...input.followUp,
  };

  // Memory and news, said around the move's own words (only when it speaks).
  let remark: string | undefined;
  let news: string | undefined;
  if (memory && !recognition.injection) {
    try {
      remark = memoryRemark(ctx);
      const e = remark ? undefined : relevantNews(ctx);
      news = e ? newsLine(ctx, e) : undefined;
    } catch {
      remark = undefined;
      news = undefined;
    }
  }
  const decorate = (m: Move): string => {
    const say = m.say;
    if (say.length === 0) return say;
    if (remark) {
      // A plain greeting becomes the remark itself ("Back again, Aria? …"); anything else is prefixed.
      if (intent.name === 'greet' && m.action.type === 'talk' && !ctx.alarmed) return safeSay(() => voice.say('plain', remark ?? ''));
      return `${remark} ${say}`;
    }
    if (news) return `${say} ${news}`;
    return say;
  };
  // No sentence twice in one reply ("Gladly, Aria! … Gladly, Aria!").
  const finish = (m: Move): Responded => ({
    body: { action: m.action, say: clip(withoutRepeats(decorate(m)), SAY_MAX), emotion: m.emotion, intent, language: lang },
    ...(m.note ? { note: m.note } : {}),
  });
  const attempt = (c: Candidate): Move | undefined => {
    if (!allows(c.type)) return undefined;
    try {
      const m = c.build();
      return m && m.action.type === c.type && valid(m.action) ? m : undefined;
    } catch {
      return undefined;
    }
  };

  let plan: Candidate[] = [];
  try {
    plan = planFor(ctx);
  } catch {
    plan = [];
  }
  for (const c of plan) {
    const m = attempt(c);
    if (m) return finish(m);
  }

  // Nothing in the plan was allowed: explain, emote or ignore, then anything allowed.
  const sorryEmotion = intent.name === 'greet' || intent.name === 'farewell' || intent.name === 'smalltalk' ? INTENT_EMOTION[intent.name] : 'e_sry';
  if (allows('talk')) {
    return finish({ action: { type: 'talk', args: {} }, say: safeSay(() => voice.say('sorry', cat.generic.talk)), emotion: 'e_sry' });
  }
  if (allows('emote')) return finish({ action: { type: 'emote', args: {} }, say: '', emotion: sorryEmotion });
  if (allows('ignore')) return finish({ action: { type: 'ignore', args: {} }, say: '', emotion: null });
  for (const fromServices of [true, false]) {
    for (const type of SAFE_ORDER) {
      if (!allows(type)) continue;
      let action: Action | undefined;
      try {
        action = defaultAction(type, ctx, fromServices);
      } catch {
        action = undefined;
      }
      if (action && valid(action)) {
        return finish({ action, say: safeSay(() => voice.say('plain', cat.generic[type])), emotion: INTENT_EMOTION[intent.name] });
      }
    }
  }
  // Unreachable with a valid request (allowedActions is non-empty and every type has a default),
  // kept so that even a malformed request gets a well-formed body.
  const first = request.allowedActions[0] ?? 'talk';
  return { body: { action: lastResort(first), say: '', emotion: null, intent, language: lang } };
}

let lastText = '';
let lastTokens: readonly string[] = [];
/** Tokens of the normalised text (the last split is reused: respond runs once per text). */
function tokensOf(text: string): readonly string[] {
  if (text !== lastText) {
    lastText = text;
    lastTokens = text.length > 0 ? text.split(' ') : [];
  }
  return lastTokens;
}

function valid(action: Action): boolean {
  return ActionArgs[action.type].safeParse(action.args).success;
}

function safeSay(f: () => string): string {
  try {
    return clip(f(), SAY_MAX);
  } catch {
    return '';
  }
}

function lastResort(type: ActionType): Action {
  switch (type) {
    case 'give_directions': return { type, args: { destination: 'the town centre' } };
    case 'quote_price': return { type, args: { item: 'Red Potion', price: 50 } };
    case 'buy': return { type, args: { item: 'Red Potion', amount: 1, price: 50 } };
    case 'sell': return { type, args: { item: 'Jellopy', amount: 1, price: 3 } };
    case 'warp': return { type, args: { destination: 'Prontera', map: 'prontera', x: 156, y: 191 } };
    case 'give_quest': case 'complete_quest': return { type, args: { quest: 'errand' } };
    case 'job_change': return { type, args: { job: 'Novice' } };
    case 'walk': return { type, args: { x: 100, y: 100 } };
    case 'call_guards': return { type, args: { reason: 'disturbance' } };
    default: return { type, args: {} };
  }
}
