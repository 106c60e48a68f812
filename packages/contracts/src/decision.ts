import { z } from 'zod';
import { Action, ActionType } from './actions';
import { ExternalId } from './common';
import { Emotion } from './emotions';
import { IntentGuess } from './intents';
import { Language, LanguageTag } from './language';
import { text } from './text';

export const EVENT_TYPES = ['talk', 'trade', 'quest', 'combat', 'idle', 'proximity'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** The longest `say` any stage may return. */
export const SAY_MAX = 280;
export const DEADLINE_MIN_MS = 20;
export const DEADLINE_MAX_MS = 30_000;
export const DEADLINE_DEFAULT_MS = 200;

const ContextValue = z.union([text().max(256), z.number(), z.boolean(), z.null()]);

/** Body of `POST /v1/decisions` (decision-api.md). */
export const DecisionRequest = z.object({
  requestId: text().min(1).max(128).optional(),
  npc: z.object({ id: ExternalId }),
  player: z.object({
    id: ExternalId,
    name: text().min(1).max(64).optional(),
    level: z.number().int().min(1).max(999).optional(),
    job: text().min(1).max(64).optional(),
    zeny: z.number().int().min(0).max(2_000_000_000).optional(),
    /** A hint (BCP-47); the language of `event.text` wins when it is clear. */
    language: LanguageTag.optional(),
  }),
  event: z.object({
    type: EventType,
    text: text().max(500).optional(),
  }),
  context: z
    .record(text().min(1).max(64), ContextValue)
    .refine((c) => Object.keys(c).length <= 32, 'at most 32 keys')
    .optional(),
  allowedActions: z.array(ActionType).min(1).max(ActionType.options.length),
  deadlineMs: z.number().int().min(DEADLINE_MIN_MS).max(DEADLINE_MAX_MS).default(DEADLINE_DEFAULT_MS),
  /** false: answer `202 {decisionId}` at once; the caller polls `GET /v1/decisions/{id}`. */
  wait: z.boolean().default(true),
});
export type DecisionRequestInput = z.input<typeof DecisionRequest>;
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const DECISION_SOURCES = ['cache', 'model', 'rules', 'llm'] as const;
export const DecisionSource = z.enum(DECISION_SOURCES);
export type DecisionSource = z.infer<typeof DecisionSource>;

/** What a stage decides, before the gateway stamps id, source, cost and latency on it. */
export const DecisionBody = z.object({
  action: Action,
  say: z.string().max(SAY_MAX),
  emotion: Emotion.nullable(),
  intent: IntentGuess,
  /** The language of `say` (stamped by every stage; absent in records made before languages). */
  language: Language.optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** The reply of `POST /v1/decisions` and `GET /v1/decisions/{id}`. */
export const Decision = DecisionBody.extend({
  decisionId: z.uuid(),
  source: DecisionSource,
  costUsd: z.number().min(0),
  latencyMs: z.number().min(0),
});
export type Decision = z.infer<typeof Decision>;

/** `202` reply of an async (`wait: false`) request, and of a GET while it is still pending. */
export const DecisionAccepted = z.object({
  decisionId: z.uuid(),
  status: z.literal('pending'),
});
export type DecisionAccepted = z.infer<typeof DecisionAccepted>;

/**
 * The decision schema narrowed to one request: the action must be one of `allowedActions`.
 * Every answer from every stage passes through this before it leaves.
 */
export function decisionBodyFor(allowed: readonly ActionType[]) {
  const key = [...new Set(allowed)].sort().join(',');
  let schema = narrowedBodies.get(key);
  if (!schema) {
    const set = new Set(allowed);
    schema = DecisionBody.refine((d) => set.has(d.action.type), {
      message: `action.type must be one of allowedActions (${[...set].join(', ')})`,
      path: ['action', 'type'],
    });
    // Building a zod schema compiles it; at thousands of decisions/s that must happen once per set.
    if (narrowedBodies.size < 4096) narrowedBodies.set(key, schema);
  }
  return schema;
}
const narrowedBodies = new Map<string, ReturnType<typeof DecisionBody.refine>>();

export const FEEDBACK_RESULTS = ['success', 'failure'] as const;
export const FeedbackResult = z.enum(FEEDBACK_RESULTS);
export type FeedbackResult = z.infer<typeof FeedbackResult>;

/** Body of `POST /v1/decisions/{id}/feedback`. */
export const FeedbackInput = z.object({
  rating: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
  outcome: text().max(500).optional(),
  /**
   * How the challenge went for the player: the quest completed / failed, the fight won / lost.
   * On a `give_quest`, `complete_quest` or `attack` decision (or a `quest`/`combat` event) it
   * updates the player's skill rating (README, "Difficulty scaling").
   */
  result: FeedbackResult.optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;
export const FeedbackAccepted = z.object({ feedbackId: z.uuid(), decisionId: z.uuid() });
