import type { DailyBudget } from './budget';
import { nanoToUsd, usdToNano } from './money';

export interface ReconcileResult {
  /** Expired reservations settled at the cost their ledger rows record. */
  settled: number;
  /** Expired reservations without a ledger row: left charged at their full amount (their call may have been billed). */
  keptCharged: number;
  /** USD given back to the budget (charged amounts above what the ledger recorded). */
  freedUsd: number;
}

export interface ReconcileOptions {
  /** The recorded cost of the calls made under each of these reservation ids (`LedgerRepository.costByReservation`). */
  ledgerCost(reservationIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * Only reservations expired at least this long ago (ms) are reconciled, so that a call whose
   * ledger row is still on its way (ledger rows are written in batches) is not taken for lost.
   */
  graceMs?: number;
  days?: readonly string[];
  now?: () => number;
  log?: { warn(obj: object, msg?: string): void };
}

/**
 * Reconciles the reservations that expired unsettled (their worker crashed mid-call, or lost Redis
 * when it settled) against the ledger: a reservation whose call has a ledger row is settled at the
 * cost recorded there (the charge it held is replaced); one without stays charged at its full
 * amount, since its request may have been sent and billed, and is logged with what it was for
 * (provider, decision). Safe to run from every LLM worker at once: settles are idempotent.
 */
export async function reconcileExpired(budget: DailyBudget, opts: ReconcileOptions): Promise<ReconcileResult> {
  const now = opts.now?.() ?? Date.now();
  const grace = opts.graceMs ?? 30_000;
  const result: ReconcileResult = { settled: 0, keptCharged: 0, freedUsd: 0 };
  let freedNano = 0;
  for (const day of opts.days ?? [budget.day()]) {
    const due = (await budget.chargedExpired(day)).filter((r) => now - r.expiredAt >= grace);
    if (due.length === 0) continue;
    const costs = await opts.ledgerCost(due.map((r) => r.id));
    for (const r of due) {
      const cost = costs.get(r.id);
      if (cost !== undefined) {
        const s = await budget.settle(r, cost);
        if (s.status !== 'duplicate') {
          result.settled++;
          freedNano += Math.max(0, usdToNano(r.usd, 'ceil') - usdToNano(cost, 'ceil'));
        }
      } else {
        await budget.markReconciled(r);
        result.keptCharged++;
        opts.log?.warn({ event: 'budget_reservation_lost', reservationId: r.id, day, usd: r.usd, ...r.meta }, 'an LLM reservation expired without a ledger row: kept charged at its full amount');
      }
    }
  }
  result.freedUsd = nanoToUsd(freedNano);
  return result;
}

/**
 * Raises the day's spent to what the ledger recorded (after Redis lost it: a restart without
 * persistence, a failover), never lowering it. The ledger rows of reservations that expired charged
 * and are not reconciled yet are left out: they are counted in `expired` until `reconcileExpired`
 * settles them, and would otherwise count twice. Returns the day's spent.
 */
export async function restoreSpentFromLedger(
  budget: DailyBudget,
  opts: Pick<ReconcileOptions, 'ledgerCost'> & { ledgerTotal(day: string): Promise<number>; day?: string },
): Promise<number> {
  const day = opts.day ?? budget.day();
  const [total, charged] = await Promise.all([opts.ledgerTotal(day), budget.chargedExpired(day)]);
  const pending = charged.length ? await opts.ledgerCost(charged.map((r) => r.id)) : new Map<string, number>();
  let floorNano = usdToNano(total, 'floor');
  for (const cost of pending.values()) floorNano -= usdToNano(cost, 'ceil');
  return budget.restoreSpent(nanoToUsd(Math.max(0, floorNano)), day);
}
