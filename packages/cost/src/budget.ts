import { randomUUID } from 'node:crypto';
import { defineScripts } from '@npc/config';
import { redisKeys } from '@npc/contracts';
import type { BudgetCrossing, BudgetStatus, ChargedReservation, DailyBudgetOptions, RedisLike, Reservation, ReservationMeta, SettleResult, SettleStatus } from './budget-types';
import { nanoToUsd, usdToNano } from './money';

export * from './budget-types';

/**
 * A daily LLM spending budget shared by every process, kept in Redis.
 * (One concept, its protocol and guarantee written out below: just over 300 lines on purpose.)
 *
 * Protocol: `reserve` a pessimistic amount before a call (null → do not call, answer by rules);
 * after the call `settle` it with the provider-billed cost, or `release` it when no billable request
 * was made. Each operation is one atomic call of lua/budget.lua, so any number of processes and connections can race.
 *
 * Per budget day Redis holds, in integer nano-dollars: `spent` (billed costs settled), `reserved`
 * (held by live reservations) and `expired` (held by reservations that expired unsettled: their
 * holder crashed or lost Redis mid-call, and may have been billed, so their amount stays charged).
 * Expired reservations are listed (`chargedExpired`, with the provider and decision they were made
 * for) until `reconcileExpired` (reconcile.ts) settles them at the cost their ledger rows record or
 * leaves them charged for good.
 *
 * THE GUARANTEE. Every script keeps, for each day,
 *
 *     spent + expired + reserved ≤ budget                                              (I)
 *
 * provided every settled actual cost a ≤ the amount r its reservation held (condition A).
 * Proof: reserve admits only when spent + expired + reserved + r ≤ budget; settle replaces a held
 * (or expired-and-charged) r by a ≤ r; release and expiry never raise the sum (expiry moves r from
 * reserved to expired). A holder that never settles (crash, Redis unreachable) stays charged its r,
 * which bounds whatever it was billed. Hence the billed total of a day, `spent`, never exceeds
 * its budget — whatever the concurrency, crashes or timing (expiry uses the Redis server's clock).
 *
 * Condition A: with reservations from `reservationFor(…)`, output is capped by `max_tokens` and
 * priced in full; A can only fail if the provider bills more prompt tokens than the estimate ×
 * margin (default 1.2: a foreign tokenizer, hidden provider-side tokens). When it fails, settle
 * still records the truth (spent += a: it is what was billed), reports the excess (`overrunUsd`,
 * a logged `budget_overrun` warning), and the day refuses reservations until (I) holds again. The
 * worst case is therefore bounded exactly, each term reported by the settle that adds it:
 *
 *     spent ≤ budget + Σ max(0, aᵢ − rᵢ)   over settles of held or expired-and-charged reservations
 *                    + Σ aᵢ               over settles after a release, or of unknown reservations
 *
 * (the second line is misuse or lost Redis data: a released reservation means "nothing billed").
 * With `expiredReservations: 'release'` an expired reservation is freed instead of charged, which
 * gives its budget back but adds Σ aᵢ over settles that arrive after expiry (or never) to the bound.
 *
 * Settling is idempotent: a second settle of the same reservation records nothing ('duplicate').
 * A settle of a reservation Redis has no trace of (lost keys) is recorded anyway ('unknown'):
 * counting too much is the safe direction. Reservations round up, budgets round down, to the
 * nano-dollar; the arithmetic is exact integers. "budget" is the one the reserving process was
 * configured with: keep it the same everywhere.
 *
 * Days are calendar days in `timeZone`; a reservation is settled against the day it was made on.
 * Keys expire `retentionDays` after their day. Redis must persist (AOF) for the budget to survive
 * a restart; after losing data, `restoreSpent(ledger total)` puts the day's spending back.
 * A Redis error in `reserve` fails closed (null, logged); in settle/release it is thrown.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HASHTAG = /\{[^{}]+\}/;
const RECLAIM_PER_RESERVE = 32;
const SWEEP_BATCH = 500;
const MAX_META_CHARS = 1000;

/** Redis keys of one budget day. */
export function budgetKeys(prefix: string, day: string): [totals: string, reservations: string, expiries: string, closed: string, charged: string] {
  const base = redisKeys(prefix).budgetDay(day);
  return [base, `${base}:res`, `${base}:exp`, `${base}:closed`, `${base}:charged`];
}

/** Every operation is one call of lua/budget.lua (atomic), the operation's name first in ARGV. */
const SCRIPTS = { npcBudget: new URL('./lua/budget.lua', import.meta.url) };
type BudgetOp = 'reserve' | 'settle' | 'release' | 'sweep' | 'status' | 'restore';

const int = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`budget script returned a non-integer: ${String(v)}`);
  return n;
};

function asArray(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Error('unexpected budget script reply');
  return v;
}

/** Integer ppm of a fraction, so threshold levels are computed exactly in BigInt. */
function thresholdLevel(budgetNano: number, fraction: number): number {
  const ppm = BigInt(Math.round(fraction * 1_000_000));
  return Math.max(1, Number((BigInt(budgetNano) * ppm + 999_999n) / 1_000_000n));
}

export class DailyBudget {
  readonly prefix: string;
  readonly budgetUsd: number;
  readonly timeZone: string;
  private readonly budgetNano: number;
  private readonly now: () => Date;
  private readonly ttlMs: number;
  private readonly charge: '1' | '0';
  private readonly retentionDays: number;
  readonly alertThresholds: readonly number[];
  private readonly thresholdArgs: string[];
  private readonly dayFormat: Intl.DateTimeFormat;
  private lastDay = { minute: Number.NaN, day: '' };
  private readonly script: (op: BudgetOp, day: string, ...args: (string | number)[]) => Promise<unknown>;

  constructor(
    private readonly redis: RedisLike,
    private readonly opts: DailyBudgetOptions,
  ) {
    if (!HASHTAG.test(opts.prefix)) throw new Error(`budget prefix must contain a hashtag like {npc}: ${JSON.stringify(opts.prefix)}`);
    if (!Number.isFinite(opts.dailyBudgetUsd) || opts.dailyBudgetUsd < 0) throw new RangeError(`invalid daily budget: ${opts.dailyBudgetUsd}`);
    this.prefix = opts.prefix;
    this.budgetNano = usdToNano(opts.dailyBudgetUsd, 'floor');
    this.budgetUsd = nanoToUsd(this.budgetNano);
    this.timeZone = opts.timeZone ?? 'UTC';
    // Throws RangeError for an unknown zone, at construction rather than at the first call.
    this.dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.now = opts.now ?? (() => new Date());
    this.ttlMs = opts.reservationTtlMs ?? 120_000;
    if (!Number.isSafeInteger(this.ttlMs) || this.ttlMs < 1) throw new RangeError(`invalid reservation TTL: ${this.ttlMs}`);
    this.charge = (opts.expiredReservations ?? 'charge') === 'charge' ? '1' : '0';
    this.retentionDays = opts.retentionDays ?? 3;
    this.alertThresholds = [...new Set(opts.alertThresholds ?? [0.5, 0.8, 1])].sort((a, b) => a - b);
    for (const t of this.alertThresholds) if (!(t > 0 && t <= 10)) throw new RangeError(`invalid alert threshold: ${t}`);
    this.thresholdArgs = this.alertThresholds.flatMap((t) => [String(t), String(thresholdLevel(this.budgetNano, t))]);
    const { npcBudget } = defineScripts(redis, SCRIPTS);
    this.script = (op, day, ...args) => npcBudget(...budgetKeys(this.prefix, day), op, ...args);
  }

  /** The budget day of `date` (default now): 'YYYY-MM-DD' in the budget's time zone. */
  day(date: Date = this.now()): string {
    // Every call of a decision asks (reserve, quota, each ledger row): the last minute's answer is
    // kept, as a day (in any time zone, whose offsets are whole minutes) only changes between minutes.
    const minute = Math.floor(date.getTime() / 60_000);
    if (minute === this.lastDay.minute) return this.lastDay.day;
    const parts = this.dayFormat.formatToParts(date);
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    const day = `${get('year')}-${get('month')}-${get('day')}`;
    this.lastDay = { minute, day };
    return day;
  }

  /**
   * Holds `usd` (rounded up to the nano-dollar) against today's budget if it fits (spent + expired +
   * reserved + usd ≤ budget), atomically; null when it does not, or when Redis cannot be asked
   * (route to rules). Throws only for invalid arguments. Expired reservations of the day are
   * processed first, in the same script (a few at a time; `sweep` does all).
   */
  async reserve(usd: number, meta?: ReservationMeta, options: { ttlMs?: number } = {}): Promise<Reservation | null> {
    if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`invalid reservation amount: ${usd}`);
    const ttlMs = options.ttlMs ?? this.ttlMs;
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError(`invalid reservation TTL: ${ttlMs}`);
    const amount = usdToNano(usd, 'ceil');
    const day = this.day();
    const id = randomUUID();
    const metaJson = meta === undefined ? '' : JSON.stringify(meta).slice(0, MAX_META_CHARS);
    let reply: unknown[];
    try {
      reply = asArray(
        await this.script('reserve', day, id, amount, this.budgetNano, ttlMs, this.expireAt(day), metaJson, RECLAIM_PER_RESERVE, this.charge),
      );
    } catch (error) {
      this.opts.logger?.warn({ event: 'budget_unavailable', err: error, day }, 'budget reservation failed: refusing');
      return null; // fail closed
    }
    if (int(reply[0]) !== 1) return null;
    return { id, day, usd: nanoToUsd(amount), expiresAt: int(reply[1]) };
  }

  /**
   * Replaces the reservation by `actualUsd`, the provider-billed cost (rounded up to the
   * nano-dollar), atomically, and reports the alert thresholds this crossed. Records the actual
   * cost even when it exceeds the reservation or the reservation expired (see the guarantee).
   */
  async settle(reservation: Pick<Reservation, 'id' | 'day'>, actualUsd: number): Promise<SettleResult> {
    if (!Number.isFinite(actualUsd) || actualUsd < 0) throw new RangeError(`invalid actual cost: ${actualUsd}`);
    const { id, day } = this.checked(reservation);
    const actual = usdToNano(actualUsd, 'ceil');
    const reply = asArray(await this.script('settle', day, id, actual, this.expireAt(day), ...this.thresholdArgs));
    const raw = String(reply[0]);
    // late_charged: the expired reservation's charge was still counted, like a held one.
    const counted = raw === 'settled' || raw === 'late_charged';
    const status = (raw === 'late_charged' ? 'late' : raw) as SettleStatus;
    const held = int(reply[1]);
    const spent = int(reply[2]);
    const outstanding = int(reply[3]);
    const crossed = asArray(reply[4]).map(Number);
    const duplicate = status === 'duplicate';
    const recorded = duplicate ? 0 : actual;
    // Beyond what this settle found held: all of it when the reservation was no longer held.
    const overrun = duplicate ? 0 : counted ? Math.max(0, actual - held) : actual;
    const result: SettleResult = {
      status,
      day,
      actualUsd: nanoToUsd(recorded),
      reservedUsd: nanoToUsd(held),
      overrunUsd: nanoToUsd(overrun),
      spentUsd: nanoToUsd(spent),
      outstandingUsd: nanoToUsd(outstanding),
      budgetUsd: this.budgetUsd,
      crossed,
    };
    if (overrun > 0) {
      this.opts.logger?.warn({ event: 'budget_overrun', ...result, reservationId: id }, 'LLM cost recorded beyond its reservation');
    } else if (status === 'late') {
      this.opts.logger?.warn({ event: 'budget_late_settle', ...result, reservationId: id }, 'LLM cost settled after its reservation expired');
    }
    if (crossed.length > 0 && this.opts.onAlert) {
      const crossing: BudgetCrossing = { day, thresholds: crossed, spentUsd: result.spentUsd, budgetUsd: this.budgetUsd };
      try {
        void Promise.resolve(this.opts.onAlert(crossing)).catch(() => undefined);
      } catch {
        // a listener's error never fails the settle
      }
    }
    return result;
  }

  /**
   * Gives a reservation back (no billable request was made), or the charge of an expired one. False
   * when there is nothing to give back (settled, released, or expired and freed already).
   */
  async release(reservation: Pick<Reservation, 'id' | 'day'>): Promise<boolean> {
    const { id, day } = this.checked(reservation);
    const reply = asArray(await this.script('release', day, id, this.expireAt(day)));
    return int(reply[0]) === 1;
  }

  /** The day's totals (default: today). */
  async status(day: string = this.day()): Promise<BudgetStatus> {
    if (!DAY.test(day)) throw new RangeError(`invalid budget day: ${day}`);
    const reply = asArray(await this.script('status', day));
    const spent = int(reply[0]);
    const reserved = int(reply[1]);
    const expired = int(reply[2]);
    return {
      day,
      budgetUsd: this.budgetUsd,
      spentUsd: nanoToUsd(spent),
      reservedUsd: nanoToUsd(reserved),
      expiredUsd: nanoToUsd(expired),
      remainingUsd: nanoToUsd(Math.max(0, this.budgetNano - spent - expired - reserved)),
      ratio: this.budgetNano > 0 ? spent / this.budgetNano : 1,
      activeReservations: int(reply[3]),
    };
  }

  /**
   * Processes every expired reservation of the day (reserve also does, a few at a time): each
   * leaves `reserved` and is charged to `expired` (or freed, with `expiredReservations: 'release'`).
   */
  async sweep(day: string = this.day()): Promise<{ expired: number; amountUsd: number }> {
    if (!DAY.test(day)) throw new RangeError(`invalid budget day: ${day}`);
    let expired = 0;
    let amount = 0;
    for (;;) {
      const reply = asArray(await this.script('sweep', day, SWEEP_BATCH, this.charge));
      const n = int(reply[0]);
      expired += n;
      amount += int(reply[1]);
      if (n < SWEEP_BATCH) break;
    }
    return { expired, amountUsd: nanoToUsd(amount) };
  }

  /**
   * Raises the day's spent to at least `spentUsd` (never lowers it): after Redis lost its data, put
   * back what the ledger says was spent (`LedgerRepository.total(day).costUsd`). Returns spent.
   */
  async restoreSpent(spentUsd: number, day: string = this.day()): Promise<number> {
    if (!DAY.test(day)) throw new RangeError(`invalid budget day: ${day}`);
    const floor = usdToNano(spentUsd, 'ceil');
    return nanoToUsd(int(await this.script('restore', day, floor, this.expireAt(day))));
  }

  /**
   * The day's reservations that expired charged and are not reconciled yet: their holder was
   * probably billed something, which the ledger may know (`reconcileExpired`).
   */
  async chargedExpired(day: string = this.day()): Promise<ChargedReservation[]> {
    if (!DAY.test(day)) throw new RangeError(`invalid budget day: ${day}`);
    const entries = await this.redis.hgetall(budgetKeys(this.prefix, day)[4]);
    return Object.entries(entries).map(([id, v]) => {
      const [, amount = '0', expires = '0', meta = ''] = /^(\d+) (\d+) ?(.*)$/s.exec(v) ?? [];
      let parsed: ReservationMeta | null = null;
      try {
        parsed = meta ? (JSON.parse(meta) as ReservationMeta) : null;
      } catch {
        parsed = null; // truncated meta: reservations keep at most MAX_META_CHARS of it
      }
      return { id, day, usd: nanoToUsd(Number(amount)), expiredAt: Number(expires), meta: parsed };
    });
  }

  /** Leaves an expired reservation charged for good (nothing in the ledger says what it cost): no longer listed. */
  async markReconciled(reservation: Pick<Reservation, 'id' | 'day'>): Promise<void> {
    const { id, day } = this.checked(reservation);
    await this.redis.hdel(budgetKeys(this.prefix, day)[4], id);
  }

  private checked(reservation: Pick<Reservation, 'id' | 'day'>): { id: string; day: string } {
    if (!DAY.test(reservation.day)) throw new RangeError(`invalid budget day: ${reservation.day}`);
    if (typeof reservation.id !== 'string' || reservation.id.length === 0) throw new RangeError('invalid reservation id');
    return reservation;
  }

  /** Unix seconds when the day's keys expire: comfortably after the day ends in any time zone. */
  private expireAt(day: string): number {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d) / 1000 + (2 + this.retentionDays) * 86_400;
  }
}
