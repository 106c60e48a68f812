import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { budgetKeys, DailyBudget } from './budget';
import { reconcileExpired } from './reconcile';
import { budget, connect, freshPrefix, sharedConnection, track, useTestBudgets } from './test-budgets';

useTestBudgets();

describe('DailyBudget: reservations', () => {
  it('refuses what does not fit, with null, and never errors', async () => {
    const b = budget({ dailyBudgetUsd: 0.01 });
    expect(await b.reserve(0.011)).toBeNull();
    const r = await b.reserve(0.01);
    expect(r).toMatchObject({ day: b.day(), usd: 0.01 });
    expect(await b.reserve(0.000000001)).toBeNull();
    expect(await budget({ dailyBudgetUsd: 0 }).reserve(0.000001)).toBeNull();
    expect(await b.status()).toMatchObject({ budgetUsd: 0.01, spentUsd: 0, reservedUsd: 0.01, remainingUsd: 0, ratio: 0, activeReservations: 1 });
  });

  it('rounds reservations up and the budget down to the nano-dollar', async () => {
    const b = budget({ dailyBudgetUsd: 0.0000000019 });
    expect(b.budgetUsd).toBe(0.000000001);
    expect((await b.reserve(0.0000000001))?.usd).toBe(0.000000001);
    expect(await b.reserve(0.0000000001)).toBeNull();
  });

  it('settles: the reservation becomes the actual cost', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    const r = (await b.reserve(0.25))!;
    const s = await b.settle(r, 0.1234567891);
    expect(s).toEqual({
      status: 'settled', day: r.day, actualUsd: 0.123456790, reservedUsd: 0.25, overrunUsd: 0,
      spentUsd: 0.12345679, outstandingUsd: 0, budgetUsd: 1, crossed: [],
    });
    expect(await b.status()).toMatchObject({ spentUsd: 0.12345679, reservedUsd: 0, remainingUsd: 0.87654321, activeReservations: 0 });
  });

  it('settles once: a repeated settle records nothing', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    const r = (await b.reserve(0.2))!;
    await b.settle(r, 0.1);
    const again = await b.settle(r, 0.1);
    expect(again).toMatchObject({ status: 'duplicate', actualUsd: 0, reservedUsd: 0.1, overrunUsd: 0, spentUsd: 0.1 });
    expect((await b.status()).spentUsd).toBe(0.1);
  });

  it('records a cost above the reservation, reports it, and then refuses until it fits', async () => {
    const warn = vi.fn();
    const b = budget({ dailyBudgetUsd: 1, logger: { warn } });
    const a = (await b.reserve(0.5))!;
    const c = (await b.reserve(0.5))!;
    const s = await b.settle(a, 0.6); // billed more than reserved: the truth is recorded
    expect(s).toMatchObject({ status: 'settled', actualUsd: 0.6, reservedUsd: 0.5, overrunUsd: 0.1, spentUsd: 0.6, outstandingUsd: 0.5 });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'budget_overrun', overrunUsd: 0.1 }), expect.any(String));
    expect(await b.reserve(0.000000001)).toBeNull();
    await b.settle(c, 0.3);
    expect(await b.status()).toMatchObject({ spentUsd: 0.9, reservedUsd: 0, remainingUsd: 0.1 });
    expect(await b.reserve(0.1)).not.toBeNull();
  });

  it('records a settle of an unknown reservation (lost keys) rather than dropping it', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    const s = await b.settle({ id: randomUUID(), day: b.day() }, 0.05);
    expect(s).toMatchObject({ status: 'unknown', actualUsd: 0.05, reservedUsd: 0, overrunUsd: 0.05, spentUsd: 0.05 });
  });

  it('releases a reservation once; a settle after release still records the billed cost', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    const r = (await b.reserve(0.7))!;
    expect(await b.reserve(0.5)).toBeNull();
    expect(await b.release(r)).toBe(true);
    expect(await b.release(r)).toBe(false);
    expect(await b.status()).toMatchObject({ spentUsd: 0, reservedUsd: 0, remainingUsd: 1 });
    expect(await b.reserve(0.5)).not.toBeNull();
    expect(await b.settle(r, 0.01)).toMatchObject({ status: 'late', actualUsd: 0.01, reservedUsd: 0.7, overrunUsd: 0.01, spentUsd: 0.01 });
  });

  it('charges an expired reservation (its holder may have been billed) until it settles late or releases', async () => {
    const b = budget({ dailyBudgetUsd: 1, reservationTtlMs: 60_000 });
    const crashed = (await b.reserve(1, { provider: 'primary' }, { ttlMs: 100 }))!;
    expect(crashed.expiresAt).toBeGreaterThan(Date.now() - 5000);
    expect(await b.reserve(0.5)).toBeNull();
    await sleep(250);
    // Expired: out of the live reservations (processed inside this reserve), but still charged.
    expect(await b.reserve(0.5)).toBeNull();
    expect(await b.status()).toMatchObject({ spentUsd: 0, reservedUsd: 0, expiredUsd: 1, remainingUsd: 0, activeReservations: 0 });
    // The holder comes back after all: its bill replaces the charge, and the rest is free again.
    expect(await b.settle(crashed, 0.2)).toMatchObject({ status: 'late', reservedUsd: 1, overrunUsd: 0, spentUsd: 0.2 });
    expect(await b.status()).toMatchObject({ spentUsd: 0.2, reservedUsd: 0, expiredUsd: 0, remainingUsd: 0.8 });
    expect(await b.reserve(0.8)).not.toBeNull();
    expect(await b.release(crashed)).toBe(false);

    // An expired holder that made no billable request gives its charge back with release.
    const c = budget({ dailyBudgetUsd: 1 });
    const quiet = (await c.reserve(0.6, undefined, { ttlMs: 50 }))!;
    await sleep(150);
    expect(await c.sweep()).toEqual({ expired: 1, amountUsd: 0.6 });
    expect((await c.status()).expiredUsd).toBe(0.6);
    expect(await c.release(quiet)).toBe(true);
    expect(await c.release(quiet)).toBe(false);
    expect(await c.status()).toMatchObject({ expiredUsd: 0, remainingUsd: 1 });
  });

  it('reconciles expired reservations against the ledger: a call with a row settles at its recorded cost, one without stays charged', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    const recorded = (await b.reserve(0.4, { provider: 'primary', decisionId: 'd-1' }, { ttlMs: 50 }))!;
    const lost = (await b.reserve(0.3, { provider: 'secondary', decisionId: 'd-2' }, { ttlMs: 50 }))!;
    const live = (await b.reserve(0.1, { provider: 'primary' }))!;
    await sleep(150);
    await b.sweep();
    const charged = await b.chargedExpired();
    expect(charged.map((r) => [r.id, r.usd, r.meta]).sort()).toEqual([
      [recorded.id, 0.4, { provider: 'primary', decisionId: 'd-1' }],
      [lost.id, 0.3, { provider: 'secondary', decisionId: 'd-2' }],
    ].sort());
    expect(await b.status()).toMatchObject({ expiredUsd: 0.7, reservedUsd: 0.1, remainingUsd: 0.2 });
    const warn = vi.fn();
    // Within the grace period nothing is touched (a ledger row may still be on its way).
    const early = await reconcileExpired(b, { ledgerCost: async () => new Map(), graceMs: 60_000 });
    expect(early).toEqual({ settled: 0, keptCharged: 0, freedUsd: 0 });
    const r = await reconcileExpired(b, { ledgerCost: async (ids) => new Map(ids.filter((id) => id === recorded.id).map((id) => [id, 0.25])), graceMs: 0, log: { warn } });
    expect(r).toEqual({ settled: 1, keptCharged: 1, freedUsd: 0.15 });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'budget_reservation_lost', reservationId: lost.id, provider: 'secondary', decisionId: 'd-2' }), expect.any(String));
    // The recorded call now counts at its cost; the lost one stays charged in full; both are done.
    expect(await b.status()).toMatchObject({ spentUsd: 0.25, expiredUsd: 0.3, reservedUsd: 0.1 });
    expect(await b.chargedExpired()).toEqual([]);
    expect(await reconcileExpired(b, { ledgerCost: async () => new Map(), graceMs: 0 })).toEqual({ settled: 0, keptCharged: 0, freedUsd: 0 });
    expect((await b.settle(live, 0.1)).status).toBe('settled');
  });

  it("with expiredReservations: 'release', frees an expired reservation; a late settle is then all overrun", async () => {
    const b = budget({ dailyBudgetUsd: 1, expiredReservations: 'release' });
    const crashed = (await b.reserve(1, undefined, { ttlMs: 100 }))!;
    expect(await b.reserve(0.5)).toBeNull();
    await sleep(250);
    expect(await b.reserve(0.5)).not.toBeNull(); // the crashed holder's 1.0 was freed in this script
    expect(await b.status()).toMatchObject({ reservedUsd: 0.5, expiredUsd: 0, activeReservations: 1 });
    const late = await b.settle(crashed, 0.2);
    expect(late).toMatchObject({ status: 'late', reservedUsd: 1, overrunUsd: 0.2, spentUsd: 0.2, outstandingUsd: 0.5 });
    expect(await b.release(crashed)).toBe(false);
  });

  it('sweeps expired reservations in batches', async () => {
    const b = budget({ dailyBudgetUsd: 10 });
    // Long enough a TTL that no reserve of the batch meets an expired one (reserve processes those too).
    const made = await Promise.all(Array.from({ length: 700 }, () => b.reserve(0.001, undefined, { ttlMs: 1500 })));
    const live = (await b.reserve(0.5))!;
    await sleep(Math.max(...made.map((r) => r!.expiresAt)) - Date.now() + 100);
    expect(await b.sweep()).toEqual({ expired: 700, amountUsd: 0.7 });
    expect(await b.status()).toMatchObject({ reservedUsd: 0.5, expiredUsd: 0.7, activeReservations: 1, remainingUsd: 8.8 });
    expect(await b.sweep()).toEqual({ expired: 0, amountUsd: 0 });
    expect((await b.settle(live, 0.4)).status).toBe('settled');
  });

  it('fails closed: reserve answers null when Redis cannot be asked', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    track(down);
    const warn = vi.fn();
    const b = new DailyBudget(down, { prefix: '{npc-t-down}', dailyBudgetUsd: 1, logger: { warn } });
    expect(await b.reserve(0.1)).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'budget_unavailable' }), expect.any(String));
    await expect(b.settle({ id: randomUUID(), day: b.day() }, 0.1)).rejects.toThrow();
  });

  it('keeps every key under the prefix, expiring a few days after its day', async () => {
    const prefix = freshPrefix();
    const b = budget({ prefix, dailyBudgetUsd: 1, retentionDays: 3 });
    const r = (await b.reserve(0.1))!;
    await b.reserve(0.1);
    await b.settle(r, 0.05);
    const redis = sharedConnection();
    const keys = await redis.keys(`${prefix.replace(/[{}]/g, '\\$&')}*`);
    // (the fifth key, expired reservations awaiting reconciliation, exists only once one expired)
    expect(keys.sort()).toEqual([...budgetKeys(prefix, r.day)].slice(0, 4).sort());
    for (const key of keys) {
      expect(key.startsWith(prefix)).toBe(true);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(3 * 86_400);
      expect(ttl).toBeLessThanOrEqual(6 * 86_400);
    }
  });

  it('restores spent from the ledger after a data loss, never lowering it', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    expect(await b.restoreSpent(0.75)).toBe(0.75);
    expect(await b.restoreSpent(0.5)).toBe(0.75);
    expect(await b.reserve(0.3)).toBeNull();
    expect(await b.reserve(0.25)).not.toBeNull();
  });

  it('validates its options and arguments', () => {
    const redis = sharedConnection();
    expect(() => new DailyBudget(redis, { prefix: 'npc', dailyBudgetUsd: 1 })).toThrow(/hashtag/);
    expect(() => new DailyBudget(redis, { prefix: '{npc}', dailyBudgetUsd: -1 })).toThrow(RangeError);
    expect(() => new DailyBudget(redis, { prefix: '{npc}', dailyBudgetUsd: 1, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => new DailyBudget(redis, { prefix: '{npc}', dailyBudgetUsd: 1, alertThresholds: [0] })).toThrow(RangeError);
    const b = budget({ dailyBudgetUsd: 1 });
    return Promise.all([
      expect(b.reserve(-1)).rejects.toThrow(RangeError),
      expect(b.reserve(Number.NaN)).rejects.toThrow(RangeError),
      expect(b.settle({ id: 'x', day: '2025-01-01:evil' }, 1)).rejects.toThrow(RangeError),
      expect(b.status('today')).rejects.toThrow(RangeError),
    ]);
  });
});

describe('DailyBudget: days', () => {
  it('names the day in the configured time zone', () => {
    const redis = sharedConnection();
    const at = (tz: string, iso: string) => new DailyBudget(redis, { prefix: '{npc}', dailyBudgetUsd: 1, timeZone: tz }).day(new Date(iso));
    expect(at('UTC', '2025-03-01T23:59:59.999Z')).toBe('2025-03-01');
    expect(at('UTC', '2025-03-02T00:00:00Z')).toBe('2025-03-02');
    expect(at('Asia/Tokyo', '2025-03-01T14:59:59Z')).toBe('2025-03-01');
    expect(at('Asia/Tokyo', '2025-03-01T15:00:00Z')).toBe('2025-03-02');
    expect(at('America/Sao_Paulo', '2025-03-02T02:59:59Z')).toBe('2025-03-01');
    // New York across the DST change (2025-03-09 02:00 local): midnight is 05:00Z before, 04:00Z after.
    expect(at('America/New_York', '2025-03-09T04:59:59Z')).toBe('2025-03-08');
    expect(at('America/New_York', '2025-03-09T05:00:00Z')).toBe('2025-03-09');
    expect(at('America/New_York', '2025-03-10T03:59:59Z')).toBe('2025-03-09');
    expect(at('America/New_York', '2025-03-10T04:00:00Z')).toBe('2025-03-10');
    // One budget asked again and again, within a minute and across its midnight, back and forth.
    const tokyo = new DailyBudget(redis, { prefix: '{npc}', dailyBudgetUsd: 1, timeZone: 'Asia/Tokyo' });
    const days = ['2025-03-01T14:59:00Z', '2025-03-01T14:59:59.999Z', '2025-03-01T15:00:00Z', '2025-03-01T15:00:30Z', '2025-03-01T14:59:30Z', '2025-03-01T15:00:59Z']
      .map((iso) => tokyo.day(new Date(iso)));
    expect(days).toEqual(['2025-03-01', '2025-03-01', '2025-03-02', '2025-03-02', '2025-03-01', '2025-03-02']);
  });

  it('rolls over at local midnight: a new day has the whole budget; old reservations settle on their day', async () => {
    let now = new Date('2025-03-01T14:59:59.500Z'); // 23:59:59.5 in Tokyo
    const b = budget({ dailyBudgetUsd: 1, timeZone: 'Asia/Tokyo', now: () => now });
    const late = (await b.reserve(0.9))!;
    expect(late.day).toBe('2025-03-01');
    expect(await b.reserve(0.2)).toBeNull();

    now = new Date('2025-03-01T15:00:00.000Z'); // midnight in Tokyo
    expect(b.day()).toBe('2025-03-02');
    const fresh = (await b.reserve(1))!;
    expect(fresh.day).toBe('2025-03-02');

    await b.settle(late, 0.8);
    await b.settle(fresh, 0.3);
    expect(await b.status('2025-03-01')).toMatchObject({ day: '2025-03-01', spentUsd: 0.8, reservedUsd: 0 });
    expect(await b.status()).toMatchObject({ day: '2025-03-02', spentUsd: 0.3, reservedUsd: 0, remainingUsd: 0.7 });
  });
});

describe('DailyBudget: alert thresholds', () => {
  it('reports 50/80/100 % once each, in the settle that crosses them', async () => {
    const onAlert = vi.fn();
    const b = budget({ dailyBudgetUsd: 1, onAlert });
    const spend = async (usd: number) => b.settle((await b.reserve(usd))!, usd);
    expect((await spend(0.49)).crossed).toEqual([]);
    expect((await spend(0.01)).crossed).toEqual([0.5]); // exactly 50 %
    expect((await spend(0.2)).crossed).toEqual([]);
    expect((await spend(0.1)).crossed).toEqual([0.8]);
    expect((await spend(0.2)).crossed).toEqual([1]);
    expect((await spend(0)).crossed).toEqual([]);
    expect(onAlert.mock.calls.map(([c]) => c)).toEqual([
      { day: b.day(), thresholds: [0.5], spentUsd: 0.5, budgetUsd: 1 },
      { day: b.day(), thresholds: [0.8], spentUsd: 0.8, budgetUsd: 1 },
      { day: b.day(), thresholds: [1], spentUsd: 1, budgetUsd: 1 },
    ]);
  });

  it('reports several thresholds crossed at once, and each once under concurrency', async () => {
    const b = budget({ dailyBudgetUsd: 1 });
    expect((await b.settle((await b.reserve(0.85))!, 0.85)).crossed).toEqual([0.5, 0.8]);

    const prefix = freshPrefix();
    const pool = Array.from({ length: 4 }, () => new DailyBudget(connect(), { prefix, dailyBudgetUsd: 1 }));
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const p = pool[i % pool.length]!;
        const r = await p.reserve(0.01);
        return r ? (await p.settle(r, 0.01)).crossed : [];
      }),
    );
    expect(results.flat().sort()).toEqual([0.5, 0.8, 1]);
  });

  it('never lets a throwing listener fail a settle', async () => {
    const b = budget({ dailyBudgetUsd: 1, onAlert: () => { throw new Error('listener'); } });
    const c = budget({ dailyBudgetUsd: 1, onAlert: () => Promise.reject(new Error('listener')) });
    for (const x of [b, c]) expect((await x.settle((await x.reserve(1))!, 1)).crossed).toEqual([0.5, 0.8, 1]);
  });
});
