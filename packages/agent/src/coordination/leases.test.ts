import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentKeys } from '@npc/contracts';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { LeaseManager, type ClaimResult } from './leases';

const { QUEUE_PREFIX: prefix } = isolatedEnv();
let redis: Redis;
let leases: LeaseManager;
beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  leases = new LeaseManager(redis, prefix);
});
afterAll(async () => {
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

describe('LeaseManager: 50 NPCs racing for 10 resources', () => {
  it('each resource goes to exactly one NPC, the highest priority in its window; all resolved within the deadline', async () => {
    const deadlineMs = 200;
    // 5 NPCs per resource, all distinct priorities; over 10 connections, as 10 worker processes would.
    const clients = Array.from({ length: 10 }, () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
    await Promise.all(clients.map((c) => c.ping()));
    const conns = clients.map((c) => new LeaseManager(c, prefix));
    const started = Date.now();
    const deadlineAt = started + deadlineMs;
    const claims = Array.from({ length: 50 }, (_, i) => ({ npc: `npc${i}`, resource: `boss:field${i % 10}`, priority: (i * 37) % 101 }));
    const results = await Promise.all(claims.map((c, i) =>
      conns[i % 10]!.claim(c.resource, c.npc, { priority: c.priority, windowMs: 40, ttlMs: 10_000, deadlineAt }).then((r) => ({ ...c, r, at: Date.now() }))));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(deadlineMs);
    expect(results.every((x) => x.at <= deadlineAt)).toBe(true);

    for (let k = 0; k < 10; k++) {
      const group = results.filter((x) => x.resource === `boss:field${k}`);
      const winners = group.filter((x) => x.r.granted);
      expect(winners).toHaveLength(1); // no double booking, nobody left without an answer
      const best = group.reduce((a, b) => (b.priority > a.priority ? b : a));
      expect(winners[0]?.npc).toBe(best.npc);
      const lease = await leases.holder(`boss:field${k}`);
      expect(lease?.holder).toBe(best.npc);
      // The winner's own intention index lists it, whoever's call closed the window (the script
      // writes only the caller's index, a declared key; the winner records it at its next claim).
      expect((await leases.intentionsOf(best.npc)).map((i) => i.resource)).toEqual([`boss:field${k}`]);
      for (const l of group.filter((x) => !x.r.granted)) expect(l.r).toMatchObject({ granted: false, reason: 'held', holder: best.npc });
    }
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('NPCs each taking any free one of 10 spots: 10 granted, all distinct, 40 told who holds theirs', async () => {
    const spots = Array.from({ length: 10 }, (_, i) => `spot:prt_fild08:${i}`);
    const got = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      for (const s of spots) {
        const r = await leases.claim(s, `n${i}`, { ttlMs: 10_000 });
        if (r.granted) return { npc: `n${i}`, spot: s, token: r.token };
      }
      return null;
    }));
    const winners = got.filter((x): x is NonNullable<typeof x> => x !== null);
    expect(winners).toHaveLength(10);
    expect(new Set(winners.map((w) => w.spot)).size).toBe(10);
    expect(new Set(winners.map((w) => w.npc)).size).toBe(10);
  });

  it('ties in priority go to the earliest claim', async () => {
    const a = leases.claim('quest-slot:tie', 'early', { priority: 5, windowMs: 30 });
    await sleep(5);
    const b = leases.claim('quest-slot:tie', 'late', { priority: 5, windowMs: 30 });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.granted).toBe(true);
    expect(rb).toMatchObject({ granted: false, holder: 'early' });
  });
});

describe('LeaseManager: expiry, fencing, release, intentions', () => {
  it("a crashed holder's lease expires; the resource is reassigned with a higher token; the stale holder is rejected", async () => {
    const res = 'quest-slot:p1';
    const first = await leases.claim(res, 'crashy', { ttlMs: 250, holderName: 'Crashy' });
    expect(first.granted).toBe(true);
    const t1 = first.granted ? first.token : 0;
    expect(await leases.commit(res, 'crashy', t1)).toBe(true);
    // Someone else is told who holds it (name included) while the lease lives.
    expect(await leases.claim(res, 'patient', {})).toMatchObject({ granted: false, reason: 'held', holder: 'crashy', holderName: 'Crashy', token: t1 });
    expect((await leases.intentionsOf('crashy')).map((i) => i.resource)).toEqual([res]);
    // "crashy" dies without releasing; the lease expires.
    await sleep(300);
    expect(await leases.holder(res)).toBeNull();
    expect(await leases.intentionsOf('crashy')).toEqual([]);
    const second = await leases.claim(res, 'patient', { ttlMs: 10_000 });
    expect(second.granted).toBe(true);
    const t2 = second.granted ? second.token : 0;
    expect(t2).toBeGreaterThan(t1);
    // The stale holder comes back: its commit, renew and release are all rejected.
    expect(await leases.commit(res, 'crashy', t1)).toBe(false);
    expect(await leases.renew(res, 'crashy', t1, 10_000)).toBe(false);
    expect(await leases.release(res, 'crashy', t1)).toBe(false);
    expect((await leases.holder(res))?.holder).toBe('patient');
    // The new holder completes and releases; the next claim gets a still higher token.
    expect(await leases.commit(res, 'patient', t2)).toBe(true);
    expect(await leases.release(res, 'patient', t2)).toBe(true);
    const third = await leases.claim(res, 'crashy', {});
    expect(third.granted && third.token).toBe(t2 + 1);
  });

  it('claims are re-entrant for the holder; renew extends; intentions list what an NPC holds', async () => {
    const a = await leases.claim('stock:Red Potion', 'hans', { ttlMs: 1000, priority: 3 });
    const again = await leases.claim('stock:Red Potion', 'hans', { ttlMs: 1000 });
    expect(again).toMatchObject({ granted: true, token: a.granted ? a.token : -1 });
    expect(await leases.renew('stock:Red Potion', 'hans', a.granted ? a.token : 0, 60_000)).toBe(true);
    expect(await redis.pttl(agentKeys(prefix).lease('stock:Red Potion'))).toBeGreaterThan(50_000);
    await leases.claim('boss:prt_fild08', 'hans', {});
    const list = await leases.intentionsOf('hans');
    expect(list.map((i) => i.resource).sort()).toEqual(['boss:prt_fild08', 'stock:Red Potion']);
    expect(list.find((i) => i.resource === 'stock:Red Potion')).toMatchObject({ priority: 3, token: a.granted ? a.token : -1 });
    expect(await leases.releaseHeld('boss:prt_fild08', 'someone-else')).toBe(false);
    expect(await leases.releaseHeld('boss:prt_fild08', 'hans')).toBe(true);
    expect((await leases.intentionsOf('hans')).map((i) => i.resource)).toEqual(['stock:Red Potion']);
  });

  it('gives up at the deadline while a window is open, and leaves the window', async () => {
    const slow = leases.claim('spot:window', 'a', { windowMs: 300 });
    const r: ClaimResult = await leases.claim('spot:window', 'b', { windowMs: 300, deadlineAt: Date.now() + 50 });
    expect(r).toMatchObject({ granted: false, reason: 'timeout' });
    expect(await slow).toMatchObject({ granted: true });
    expect(await redis.exists(agentKeys(prefix).candidates('spot:window'))).toBe(0);
  });

  it('rejects resource ids outside the allowed characters', async () => {
    await expect(leases.claim('bad{id}', 'x', {})).rejects.toThrow();
  });
});
