import { z } from 'zod';
import { PlayerMemoryState, WorldEvent } from './agent';
import { ExternalId } from './common';

/**
 * The gateway's HTTP shapes that are not a domain schema themselves: path parameters, query
 * strings and the envelopes of list/report answers. The routes declare these (and the domain
 * schemas) on themselves; `/openapi.json` is generated from the routes.
 */

export const DecisionIdParams = z.object({ decisionId: z.uuid() });
export const NpcIdParams = z.object({ id: ExternalId });
export const NpcMemoryParams = z.object({ id: ExternalId, playerId: ExternalId });

const isDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};
/** A budget day, YYYY-MM-DD, that exists in the calendar. */
export const BudgetDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').refine(isDay, 'a day as YYYY-MM-DD');
export const CostsQuery = z.object({ day: BudgetDay.optional() });

/** `GET /v1/events`: the world events not expired yet. */
export const WorldEventList = z.object({ events: z.array(WorldEvent) });
export type WorldEventList = z.infer<typeof WorldEventList>;

/** `GET /v1/npcs/{id}/memories/{playerId}`: the hot set (Redis), else its PostgreSQL copy. */
export const NpcMemoryReport = z.object({ source: z.enum(['redis', 'postgres']), state: PlayerMemoryState });
export type NpcMemoryReport = z.infer<typeof NpcMemoryReport>;

/** The day's LLM budget as `GET /v1/costs` reports it (USD). */
export const BudgetReport = z.object({
  day: z.string(),
  budgetUsd: z.number(),
  spentUsd: z.number(),
  /** Held by live reservations not yet settled or released. */
  reservedUsd: z.number(),
  /** Charged for reservations that expired unsettled. */
  expiredUsd: z.number(),
  /** budget − spent − expired − reserved, at least 0. */
  remainingUsd: z.number(),
  /** spent / budget. */
  ratio: z.number(),
  activeReservations: z.number().int(),
});
const LedgerTotals = z.object({ calls: z.number().int(), inputTokens: z.number().int(), outputTokens: z.number().int(), costUsd: z.number() });
/** `GET /v1/costs`: the budget and the ledger (`llm_calls`) of one budget day. */
export const CostsReport = z.object({
  day: z.string(),
  budget: BudgetReport,
  ledger: z.object({
    day: z.string(),
    total: LedgerTotals,
    byProviderModel: z.array(LedgerTotals.extend({ provider: z.string(), model: z.string() })),
    byNpc: z.array(LedgerTotals.extend({ npcId: z.string().nullable() })),
    byOutcome: z.array(LedgerTotals.extend({ outcome: z.string() })),
  }),
});
export type CostsReport = z.infer<typeof CostsReport>;

/** `POST /v1/admin/session`: the cookie is set; the queue admin page opens at `path`. */
export const AdminSessionOpened = z.object({ expiresInS: z.number().int(), path: z.string() });

/**
 * `GET /v1/admin/dashboard.json`: the dashboard page's feed. Its inner parts follow the page
 * (`apps/gateway/src/dashboard/app.js`) and are documented there, not promised to other callers.
 */
export const DashboardData = z.object({
  at: z.number().int(),
  instance: z.string(),
  modelVersion: z.string(),
  inference: z.unknown(),
  llmRoute: z.string(),
  live: z.unknown(),
  budget: BudgetReport.pick({ day: true, budgetUsd: true, spentUsd: true, reservedUsd: true, remainingUsd: true, ratio: true }).nullable(),
  sampledAt: z.number().int(),
  queues: z.array(z.object({ name: z.string(), counts: z.record(z.string(), z.number()).nullable(), backlog: z.number().nullable(), workers: z.number().nullable() })),
  llm: z.unknown(),
  recent: z.array(z.unknown()),
});
