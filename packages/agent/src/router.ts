import type { DecisionQueue, DecisionRequest, Intent, IntentGuess, Npc } from '@npc/contracts';

/** What the router knows about the system right now. */
export interface RouteSignals {
  /** An LLM worker reports a healthy provider and budget left. */
  llmAvailable: boolean;
  /** A trained intent model is promoted and its worker is up. */
  modelAvailable: boolean;
  /** Requests with a shorter deadline never go to the LLM. */
  llmMinDeadlineMs?: number;
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

/** Below this deadline no model or paid hop is worth its latency: rules answer directly. */
export const FAST_PATH_DEADLINE_MS = 50;
export const DEFAULT_LLM_MIN_DEADLINE_MS = 800;

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
  if (!textual || onlySilent || input.request.deadlineMs < FAST_PATH_DEADLINE_MS) return 'rules';
  if (signals.modelAvailable && !visited.has('inference')) return 'inference';
  const llmDeadline = signals.llmMinDeadlineMs ?? DEFAULT_LLM_MIN_DEADLINE_MS;
  if (signals.llmAvailable && !visited.has('llm') && input.request.deadlineMs >= llmDeadline && worthAnLlm(input)) return 'llm';
  return 'rules';
}
