import type { Cluster, Redis } from 'ioredis';

/** The types of `DailyBudget` (budget.ts): its options, reservations, settle results and status. */

export type RedisLike = Redis | Cluster;

/** Free-form context stored with a reservation (visible with HGETALL; e.g. provider, decisionId). */
export type ReservationMeta = Readonly<Record<string, string | number | boolean | null>>;

export interface Reservation {
  id: string;
  /** The budget day it counts against ('YYYY-MM-DD' in the budget's time zone). */
  day: string;
  /** Amount held, USD (rounded up to the nano-dollar). */
  usd: number;
  /** When it expires if neither settled nor released (ms since epoch, Redis clock). */
  expiresAt: number;
}

export type SettleStatus =
  /** The reservation was held: it is replaced by the actual cost. */
  | 'settled'
  /** The reservation had expired (its charge, if any, is replaced) or was released: the actual cost is recorded. */
  | 'late'
  /** No trace of the reservation (lost keys, foreign id): the actual cost is recorded anyway. */
  | 'unknown'
  /** Already settled: nothing recorded again. */
  | 'duplicate';

export interface SettleResult {
  status: SettleStatus;
  day: string;
  /** The cost recorded by this call (0 for 'duplicate'). */
  actualUsd: number;
  /** What the reservation held (for 'duplicate': what the first settle recorded). */
  reservedUsd: number;
  /**
   * Cost recorded beyond what was counted for it: actual − reserved when above it, else 0; the
   * whole actual when nothing was counted any more (after a release or a freeing expiry) or ever ('unknown').
   */
  overrunUsd: number;
  /** The day's spent right after this settle. */
  spentUsd: number;
  /** The day's total still held by other reservations right after this settle. */
  outstandingUsd: number;
  budgetUsd: number;
  /** Alert thresholds (fractions of the budget, e.g. 0.5) that this settle crossed; each is reported once per day. */
  crossed: number[];
}

export interface BudgetStatus {
  day: string;
  budgetUsd: number;
  spentUsd: number;
  /** Held by live reservations not yet settled or released. */
  reservedUsd: number;
  /** Charged for reservations that expired unsettled (their holders may have been billed). */
  expiredUsd: number;
  /** budget − spent − expired − reserved, at least 0: the most a new reservation can get. */
  remainingUsd: number;
  /** spent / budget (1 for a zero budget). */
  ratio: number;
  /** Live reservations (including expired ones not yet swept). */
  activeReservations: number;
}

/** What alert listeners receive when a settle crosses thresholds. */
export interface BudgetCrossing {
  day: string;
  /** Fractions of the budget crossed, ascending (e.g. [0.5, 0.8]). */
  thresholds: number[];
  spentUsd: number;
  budgetUsd: number;
}

export interface BudgetLogger {
  warn(obj: object, msg?: string): void;
}

export interface DailyBudgetOptions {
  /** Key prefix; must contain a Redis Cluster hashtag, e.g. '{npc}'. */
  prefix: string;
  dailyBudgetUsd: number;
  /** IANA time zone whose midnight starts a budget day (default 'UTC'). */
  timeZone?: string;
  /** Clock used to pick the budget day (default: the system clock). Expiry uses Redis' clock. */
  now?: () => Date;
  /** A reservation not settled or released within this long expires (default 120 s): keep it above the longest call. */
  reservationTtlMs?: number;
  /**
   * What an expired reservation becomes: 'charge' (default) keeps its amount counted as presumed
   * spending until it is settled or released, so a crashed holder can never cause overspending;
   * 'release' frees it (see the guarantee for what that costs).
   */
  expiredReservations?: 'charge' | 'release';
  /** Alert thresholds as fractions of the budget (default 0.5, 0.8, 1). */
  alertThresholds?: readonly number[];
  /** Days the keys outlive their day (default 3). */
  retentionDays?: number;
  /** Warned on overruns (`budget_overrun`), late settles and Redis errors in reserve (`budget_unavailable`). */
  logger?: BudgetLogger;
  /** Called (not awaited; errors swallowed) when a settle crosses thresholds, e.g. `(c) => alerts.notify(c)`. */
  onAlert?: (crossing: BudgetCrossing) => void | Promise<unknown>;
}

/** A reservation that expired unsettled and is still charged: its holder crashed or lost Redis mid-call. */
export interface ChargedReservation {
  id: string;
  day: string;
  usd: number;
  /** When it expired (ms since epoch, Redis clock). */
  expiredAt: number;
  /** What it was reserved for (provider, decisionId), as given to `reserve`. */
  meta: ReservationMeta | null;
}
