import type { DecisionQueue, DecisionRequest, Intent, IntentGuess, Npc } from '@npc/contracts';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from './deadline-policy';

/** What the router knows about the system right now. */
export interface RouteSignals {
  /** An LLM worker reports a healthy provider and budget left. */
  llmAvailable: boolean;
  /** A trained intent model is promoted and its worker is up. */
  modelAvailable: boolean;
  /** The deadline policy (which deadlines are too short for a model or the LLM); default `DEFAULT_DEADLINE_POLICY`. */
  deadlines?: DeadlinePolicy;
}

export const NO_SIGNALS: RouteSignals = { llmAvailable: false, modelAvailable: false };

export interface RouteInput {
  request: Pick<DecisionRequest, 'event' | 'allowedActions' | 'deadlineMs'>;
  npc: Pick<Npc, 'role'>;
  /** Queues this decision already passed through. */
  hops: readonly DecisionQueue[];
  /** The rules recognizer's guess (microseconds to compute; the gateway has it before routing). */
  intent?: IntentGuess;
}

/**
 * Intents where the rules have a complete, correct answer drawn from the NPC's services (a warp,
 * a price, a sale): an LLM adds cost and latency and nothing else. The rest (lore, small talk, help,
 * anything not understood) is where an LLM is worth its price.
 */
export const OPEN_ENDED_INTENTS: ReadonlySet<Intent> = new Set<Intent>(['lore', 'smalltalk', 'help', 'unknown']);
/** A transactional guess below this confidence is treated as not understood. */
export const CONFIDENT = 0.55;

/** True when an LLM answer is worth paying for this request. */
export function worthAnLlm(input: RouteInput): boolean {
  if (!input.intent) return true;
  return OPEN_ENDED_INTENTS.has(input.intent.name) || input.intent.confidence < CONFIDENT;
}

/**
 * The single place that picks the next queue for a decision (architecture.md). Every hop costs
 * latency and throughput, so it takes as few as the decision needs, and a decision never visits a
 * queue twice.
 */
export function routeDecision(input: RouteInput, signals: RouteSignals = NO_SIGNALS): DecisionQueue {
  const visited = new Set(input.hops);
  const textual = Boolean(input.request.event.text?.trim());
  const onlySilent = input.request.allowedActions.every((a) => a === 'ignore' || a === 'emote');
  const deadlines = signals.deadlines ?? DEFAULT_DEADLINE_POLICY;
  if (!textual || onlySilent || deadlines.rulesOnly(input.request.deadlineMs)) return 'rules';
  if (signals.modelAvailable && !visited.has('inference')) return 'inference';
  if (signals.llmAvailable && !visited.has('llm') && deadlines.allowsLlm(input.request.deadlineMs) && worthAnLlm(input)) return 'llm';
  return 'rules';
}
