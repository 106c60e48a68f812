import type { DecisionQueue, DecisionRequest, Npc } from '@npc/contracts';

/** What the router knows about the system right now. Later issues fill more of it in. */
export interface RouteSignals {
  /** An LLM provider is configured, healthy, and the day's budget has room. */
  llmAvailable: boolean;
  /** A trained intent model is promoted and its worker is up. */
  modelAvailable: boolean;
}

export const NO_SIGNALS: RouteSignals = { llmAvailable: false, modelAvailable: false };

export interface RouteInput {
  request: Pick<DecisionRequest, 'event' | 'allowedActions' | 'deadlineMs'>;
  npc: Pick<Npc, 'role'>;
  /** Queues this decision already passed through. */
  hops: readonly DecisionQueue[];
}

/** Below this deadline no paid or model hop is worth its latency: rules answer directly. */
export const FAST_PATH_DEADLINE_MS = 50;

/**
 * The single place that picks the next queue for a decision (architecture.md). Every hop costs
 * latency and throughput, so it takes as few as the decision needs: until a model or an LLM is
 * available the answer is always the rules queue, and a decision never visits a queue twice.
 */
export function routeDecision(input: RouteInput, signals: RouteSignals = NO_SIGNALS): DecisionQueue {
  const visited = new Set(input.hops);
  const textual = Boolean(input.request.event.text?.trim());
  const onlySilent = input.request.allowedActions.every((a) => a === 'ignore' || a === 'emote');
  if (!textual || onlySilent || input.request.deadlineMs < FAST_PATH_DEADLINE_MS) return 'rules';
  if (signals.modelAvailable && !visited.has('inference')) return 'inference';
  if (signals.llmAvailable && !visited.has('llm')) return 'llm';
  return 'rules';
}
