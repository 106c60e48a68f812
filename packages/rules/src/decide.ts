/**
 * `decideByRules`: recognise the player's text and respond, the one call the gateway (deadline
 * fallback) and the rules worker make.
 */
import type { DecisionBody, DecisionRequest, MemoryRecall, Npc } from '@npc/contracts';
import { recognize, type RecognizeOptions } from './recognize';
import { respond, type RespondTuning } from './responders/respond';
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
}

export interface RulesDecision {
  readonly body: DecisionBody;
  readonly recognition: Recognition;
}

/** Recognises `request.event.text` (or infers from the event type) and decides for `npc`. */
export function decideByRules(npc: Npc, request: DecisionRequest, seed: string, opts: DecideOptions = {}): RulesDecision {
  const ropts: RecognizeOptions = { eventType: request.event.type, ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }) };
  const recognition = opts.recognition ?? recognize(request.event.text, ropts);
  return {
    body: respond({ npc, request, recognition, seed, ...(opts.memory ? { memory: opts.memory } : {}), ...(opts.tuning ? { tuning: opts.tuning } : {}) }),
    recognition,
  };
}
