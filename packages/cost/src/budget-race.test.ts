import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { DailyBudget, type Reservation } from './budget';
import { formatUsd, nanoToUsd, usdToNano } from './money';
import { connect, freshPrefix, useTestBudgets } from './test-budgets';

useTestBudgets();

describe('DailyBudget: the race', () => {
  const CONNECTIONS = 8;
  const CALLERS = 1000;
  const RESERVE_NANO = 1_234_500; // $0.0012345
  const BUDGET_NANO = 100 * RESERVE_NANO + RESERVE_NANO / 2; // 100.5 reservations' worth

  function budgets(prefix: string): DailyBudget[] {
    return Array.from({ length: CONNECTIONS }, () => new DailyBudget(connect(), { prefix, dailyBudgetUsd: nanoToUsd(BUDGET_NANO) }));
  }

  it(`${CALLERS} concurrent reserves from ${CONNECTIONS} connections admit exactly floor(budget / reservation), then settles stay within budget`, async () => {
    const prefix = freshPrefix();
    const pool = budgets(prefix);
    const reservations = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => pool[i % CONNECTIONS]!.reserve(nanoToUsd(RESERVE_NANO), { caller: i })),
    );
    const won = reservations.filter((r): r is Reservation => r !== null);
    expect(won).toHaveLength(Math.floor(BUDGET_NANO / RESERVE_NANO)); // 100
    expect(new Set(won.map((r) => r.id)).size).toBe(won.length);
    const held = await pool[0]!.status();
    expect(held.reservedUsd).toBe(nanoToUsd(100 * RESERVE_NANO));
    expect(held.activeReservations).toBe(100);

    // Settle every winner concurrently with a random provider-billed cost ≤ its reservation.
    const actuals = won.map(() => randomInt(0, RESERVE_NANO + 1));
    const settled = await Promise.all(won.map((r, i) => pool[i % CONNECTIONS]!.settle(r, nanoToUsd(actuals[i]!))));
    expect(settled.every((s) => s.status === 'settled' && s.overrunUsd === 0)).toBe(true);
    const expected = actuals.reduce((a, b) => a + b, 0);
    const after = await pool[0]!.status();
    expect(usdToNano(after.spentUsd)).toBe(expected);
    expect(after.reservedUsd).toBe(0);
    expect(after.activeReservations).toBe(0);
    expect(usdToNano(after.spentUsd)).toBeLessThanOrEqual(BUDGET_NANO);
    const overspend = Math.max(0, usdToNano(after.spentUsd) - BUDGET_NANO);
    console.log(
      `budget race (reserve all, then settle): ${won.length}/${CALLERS} reserved ${formatUsd(nanoToUsd(RESERVE_NANO), 7)} each; ` +
        `spent ${formatUsd(after.spentUsd)} of ${formatUsd(after.budgetUsd)}; overspend ${formatUsd(nanoToUsd(overspend))}`,
    );
    expect(overspend).toBe(0);
  });

  it(`${CALLERS} interleaved reserve → settle chains never spend past the budget`, async () => {
    const prefix = freshPrefix();
    const pool = budgets(prefix);
    let maxSeen = 0;
    const outcomes = await Promise.all(
      Array.from({ length: CALLERS }, async (_, i) => {
        const b = pool[i % CONNECTIONS]!;
        await sleep(randomInt(0, 200)); // callers arrive over 200 ms, while others settle
        const r = await b.reserve(nanoToUsd(RESERVE_NANO));
        if (!r) return 0;
        await sleep(randomInt(0, 5)); // the provider call
        const s = await b.settle(r, nanoToUsd(randomInt(0, RESERVE_NANO + 1)));
        maxSeen = Math.max(maxSeen, usdToNano(s.spentUsd) + usdToNano(s.outstandingUsd));
        return 1;
      }),
    );
    const successes = outcomes.reduce<number>((a, b) => a + b, 0);
    const final = await pool[0]!.status();
    const spent = usdToNano(final.spentUsd);
    const overspend = Math.max(0, spent - BUDGET_NANO);
    console.log(
      `budget race (interleaved): ${successes}/${CALLERS} calls made; spent ${formatUsd(final.spentUsd)} of ${formatUsd(final.budgetUsd)} ` +
        `(${(final.ratio * 100).toFixed(2)} %); peak spent+reserved ${formatUsd(nanoToUsd(maxSeen))}; overspend ${formatUsd(nanoToUsd(overspend))}`,
    );
    // Settled costs below their reservations free budget for later callers: at least 100 succeed.
    expect(successes).toBeGreaterThanOrEqual(100);
    expect(maxSeen).toBeLessThanOrEqual(BUDGET_NANO);
    expect(spent).toBeLessThanOrEqual(BUDGET_NANO);
    expect(final.reservedUsd).toBe(0);
    expect(overspend).toBe(0);
  });

  it(`${CALLERS} callers of which 10 % crash after being billed: the billed total stays within the budget`, async () => {
    const prefix = freshPrefix();
    const pool = Array.from({ length: CONNECTIONS }, () =>
      new DailyBudget(connect(), { prefix, dailyBudgetUsd: nanoToUsd(BUDGET_NANO), reservationTtlMs: 100 }),
    );
    let billed = 0; // what the provider billed, crashed callers included
    let crashes = 0;
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, i) => {
        const b = pool[i % CONNECTIONS]!;
        await sleep(randomInt(0, 400)); // arrivals spread past the reservation TTL: expiries happen mid-run
        const r = await b.reserve(nanoToUsd(RESERVE_NANO));
        if (!r) return;
        await sleep(randomInt(0, 5));
        const actual = randomInt(0, RESERVE_NANO + 1);
        billed += actual;
        if (i % 10 === 0) {
          crashes++;
          return; // billed, never settled
        }
        await b.settle(r, nanoToUsd(actual));
      }),
    );
    await sleep(150);
    await pool[0]!.sweep();
    const final = await pool[0]!.status();
    const counted = usdToNano(final.spentUsd) + usdToNano(final.expiredUsd);
    console.log(
      `budget race (with crashes): ${crashes} holders crashed after billing; billed ${formatUsd(nanoToUsd(billed))} of ${formatUsd(final.budgetUsd)}; ` +
        `counted spent ${formatUsd(final.spentUsd)} + expired ${formatUsd(final.expiredUsd)}; overspend ${formatUsd(nanoToUsd(Math.max(0, billed - BUDGET_NANO)))}`,
    );
    expect(crashes).toBeGreaterThan(0);
    expect(billed).toBeLessThanOrEqual(BUDGET_NANO);
    expect(counted).toBeGreaterThanOrEqual(billed); // crashed holders stay charged their full reservation
    expect(counted).toBeLessThanOrEqual(BUDGET_NANO);
    expect(final.reservedUsd).toBe(0);
  });

  it('holds with reservations of random sizes', async () => {
    const prefix = freshPrefix();
    const pool = budgets(prefix);
    const amounts = Array.from({ length: 500 }, () => randomInt(1, 5 * RESERVE_NANO));
    const won = await Promise.all(amounts.map((n, i) => pool[i % CONNECTIONS]!.reserve(nanoToUsd(n))));
    const held = won.reduce((sum, r) => sum + (r ? usdToNano(r.usd) : 0), 0);
    expect(held).toBeLessThanOrEqual(BUDGET_NANO);
    // Whatever was refused did not fit at the end either (it was refused against a total ≤ the final one).
    const smallestRefused = Math.min(...amounts.filter((_, i) => won[i] === null));
    expect(held + smallestRefused).toBeGreaterThan(BUDGET_NANO);
    expect(usdToNano((await pool[0]!.status()).reservedUsd)).toBe(held);
  });
});
