import { z } from 'zod';
import { ExternalId } from './common';
import { DecisionRequest, DecisionSource } from './decision';
import { DecisionBody, Decision } from './decision';
import { Npc } from './npc';
import { DecisionQueue } from './queues';
import { Language } from './language';
import { SettledRecognition } from './recognition';

/** The job payload every decision stage receives (architecture.md). */
export const DecisionEnvelope = z.object({
  decisionId: z.uuid(),
  /** The validated request, defaults applied. */
  request: DecisionRequest,
  /** The NPC as the gateway saw it, so stages need no lookup. */
  npc: Npc,
  apiKeyId: z.string(),
  /** Epoch ms when the gateway received the HTTP request. */
  receivedAt: z.number().int(),
  /** Epoch ms by which the caller needs the answer. */
  deadlineAt: z.number().int(),
  /** Pub/sub channel of the gateway instance holding the HTTP request. */
  replyTo: z.string().min(1),
  /** Queues this decision has passed through, in order. */
  hops: z.array(DecisionQueue).default([]),
  /** The server's default language (`NPC_DEFAULT_LANGUAGE`): the last fallback for the reply's language. */
  defaultLanguage: Language.optional(),
  /**
   * The player's text as recognised once, by the gateway; stages refine it (the model may settle the
   * intent), never recognise again. Absent only in envelopes made outside a gateway (older jobs, tests).
   */
  recognition: SettledRecognition.optional(),
});
export type DecisionEnvelope = z.infer<typeof DecisionEnvelope>;

/** An NPC by reference: its id and version (`updatedAt`). */
export const NpcRef = z.object({ id: ExternalId, updatedAt: z.iso.datetime() });
export type NpcRef = z.infer<typeof NpcRef>;

/**
 * The job payload on the decision queues: the envelope with the NPC by reference, not the whole
 * NPC (smaller jobs in Redis, less to parse per job). A stage resolves it from its in-process copy,
 * or Redis's (`redisKeys.npc`) when the version is newer than its copy: no round trip per job.
 * Stages also accept a whole `DecisionEnvelope` (a job queued by an older gateway).
 */
export const DecisionJob = DecisionEnvelope.omit({ npc: true }).extend({ npcRef: NpcRef });
export type DecisionJob = z.infer<typeof DecisionJob>;

/** What a stage job returns to BullMQ (kept briefly for inspection). */
export const StageResult = z.object({
  decisionId: z.uuid(),
  outcome: z.enum(['answered', 'already-answered', 'forwarded']),
  forwardedTo: DecisionQueue.optional(),
});
export type StageResult = z.infer<typeof StageResult>;

/** A finished decision as stored in Redis, streamed to the log writer and kept in PostgreSQL. */
export const DecisionRecord = z.object({
  decision: Decision,
  request: DecisionRequest,
  npcId: z.string(),
  apiKeyId: z.string(),
  /** Which process answered: `worker-rules:<host>:<pid>`, `gateway-fallback:<instance>`, … */
  answeredBy: z.string(),
  receivedAt: z.number().int(),
  decidedAt: z.number().int(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;

export { DecisionBody, DecisionSource };
