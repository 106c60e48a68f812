/**
 * `decideByRules`: recognise the player's text and respond, the one call the gateway (deadline
 * fallback) and the rules worker make.
 */
import type { Action, DecisionBody, DecisionRequest, DialogueState, Language, MemoryRecall, Npc } from '@npc/contracts';
import { resolveFollowUp } from './followup';
import { recognize, type RecognizeOptions } from './recognize';
import type { DialogueNote } from './responders/moves';
import { respondWithNote, type RespondTuning } from './responders/respond';
import type { Recognition } from './types';

export interface DecideOptions {
  /** Confidence below which the intent is `unknown` (default `DEFAULT_INTENT_THRESHOLD`). */
  readonly threshold?: number;
  /** What the NPC remembers of the player and knows of the world (packages/agent recalls it). */
  readonly memory?: MemoryRecall;
  /** Behaviour-tree overrides (discount cap, alarm threshold). */
  readonly tuning?: RespondTuning;
  /** An earlier recognition of the same text (skips recognising again). */
  readonly recognition?: Recognition;
  /** The conversation so far with this player (follow-ups resolve against it; its `said` is not repeated). */
  readonly dialogue?: DialogueState;
  /** The server's default language (after the player's words, the game's hint and the NPC's language). */
  readonly defaultLanguage?: Language;
  /** Difficulty scaling of quests and fights (the say is made from the scaled args). */
  readonly scale?: (action: Action) => Action;
}

export interface RulesDecision {
  readonly body: DecisionBody;
  /** The recognition acted on (a follow-up's is resolved against the dialogue state). */
  readonly recognition: Recognition;
  /** What the reply leaves the conversation about (for the next dialogue state). */
  readonly note?: DialogueNote;
}

/** Recognises `request.event.text` (or infers from the event type) and decides for `npc`. */
export function decideByRules(npc: Npc, request: DecisionRequest, seed: string, opts: DecideOptions = {}): RulesDecision {
  const ropts: RecognizeOptions = { eventType: request.event.type, ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }) };
  let heard = opts.recognition ?? recognize(request.event.text, ropts);
  // A message that shows no language of its own ("5 porfa") is read in the conversation's.
  const convLang = opts.dialogue?.lang;
  if (!heard.lang && convLang && convLang !== 'en' && request.event.text) {
    const again = recognize(request.event.text, { ...ropts, language: convLang });
    heard = opts.recognition ? { ...again, intent: again.intent.name === 'unknown' ? opts.recognition.intent : again.intent } : again;
  }
  const followUp = request.event.text ? resolveFollowUp(heard, opts.dialogue, npc) : { recognition: heard, resolved: false };
  const { recognition, resolved: _resolved, ...follow } = followUp;
  const recent = opts.dialogue?.said.length ? new Set(opts.dialogue.said) : undefined;
  const lang = heard.lang ?? opts.dialogue?.lang;
  const { body, note } = respondWithNote({
    npc, request, recognition: lang && !recognition.lang ? { ...recognition, lang } : recognition, seed,
    ...(opts.memory ? { memory: opts.memory } : {}), ...(opts.tuning ? { tuning: opts.tuning } : {}),
    ...(opts.defaultLanguage ? { defaultLanguage: opts.defaultLanguage } : {}), ...(recent ? { recent } : {}), ...(opts.scale ? { scale: opts.scale } : {}),
    followUp: follow,
  });
  return { body, recognition, ...(note ? { note } : {}) };
}
