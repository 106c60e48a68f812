import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisKeys } from '@npc/contracts';
import { useTestRedis } from '@npc/testing';
import { leasedStore, type LeasedStore, type LeasedStoreOptions } from './leased-store';

const { prefix, redis } = useTestRedis();
const nameSpace = redisKeys(prefix).rateLimit('');
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTE = 60_000;

/** A "gateway": a store on its own connection, with the number of lease scripts it sent (EVALSHA, and EVAL on NOSCRIPT). */
const connections: Redis[] = [];
function gateway(opts: Partial<LeasedStoreOptions> = {}): { store: LeasedStore; calls: () => number } {
  const conn = new Redis(url);
  connections.push(conn);
  // Counted once per command (one queued before the connection is ready passes here twice).
  const seen = new WeakSet<object>();
  let calls = 0;
  const send = conn.sendCommand.bind(conn);
  conn.sendCommand = ((cmd, stream) => {
    if ((cmd.name === 'evalsha' || cmd.name === 'eval') && !seen.has(cmd)) {
      seen.add(cmd);
      calls++;
    }
    return send(cmd, stream);
  }) as typeof conn.sendCommand;
  const Store = leasedStore({ redis: conn, nameSpace, ...opts });
  return { store: new Store(), calls: () => calls };
}
afterAll(() => connections.forEach((c) => c.disconnect()));

const take = (store: LeasedStore, key: string, max: number, timeWindow = MINUTE) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), timeWindow, max));
const admitted = (rs: { current: number }[], max: number) => rs.filter((r) => r.current <= max).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('leased rate-limit store', () => {
  it('two gateways hammering one key: never over the limit, at most one lease each under it', async () => {
    const a = gateway();
    const b = gateway();
    const results: { current: number }[] = [];
    // 30 rounds of 5 concurrent requests on each gateway: 300 requests for a limit of 100.
    for (let round = 0; round < 30; round++) {
      results.push(...(await Promise.all([...Array(5)].flatMap(() => [take(a.store, 'hot2', 100), take(b.store, 'hot2', 100)]))));
    }
    const n = admitted(results, 100);
    expect(n).toBeLessThanOrEqual(100);
    expect(n).toBeGreaterThanOrEqual(90);
    expect(Number(await redis.get(`${nameSpace}hot2`))).toBeLessThanOrEqual(100);
    // Past the limit, on either gateway: refused (the library answers 429 when current > max).
    expect((await take(a.store, 'hot2', 100)).current).toBeGreaterThan(100);
    expect((await take(b.store, 'hot2', 100)).current).toBeGreaterThan(100);
    // Far fewer calls than requests: leases grew (cap: 100 / 20 = 5 slots).
    expect(a.calls() + b.calls()).toBeLessThan(results.length / 2);
    console.log(`2 gateways, 300 requests, limit 100: ${n} admitted, ${a.calls() + b.calls()} Redis calls`);
  });

  it('a key at one request at a time is exact: limit 5 admits 5, refuses the 6th', async () => {
    const g = gateway();
    const currents: number[] = [];
    for (let i = 0; i < 6; i++) currents.push((await take(g.store, 'slow', 5)).current);
    expect(currents).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await redis.get(`${nameSpace}slow`)).toBe('5');
    // Refused from memory after that: the counter cannot go down before it expires.
    const before = g.calls();
    expect((await take(g.store, 'slow', 5)).current).toBe(6);
    expect(g.calls()).toBe(before);
    // …unless the key's limit grew.
    expect((await take(g.store, 'slow', 6)).current).toBe(6);
    expect(g.calls()).toBe(before + 1);
  });

  it('a slow key costs one call per request, as the library’s own store (leases stay at 1)', async () => {
    const g = gateway();
    for (let i = 0; i < 4; i++) {
      expect((await take(g.store, 'trickle', 1000)).current).toBe(i + 1);
      await sleep(120);
    }
    expect(g.calls()).toBe(4);
    expect(await redis.get(`${nameSpace}trickle`)).toBe('4');
  });

  it('after the window expires the key is admitted again', async () => {
    const g = gateway();
    const first = await Promise.all([...Array(4)].map(() => take(g.store, 'window', 3, 300)));
    expect(admitted(first, 3)).toBe(3);
    expect((await take(g.store, 'window', 3, 300)).current).toBe(4);
    await sleep(350);
    const again = await take(g.store, 'window', 3, 300);
    expect(again.current).toBe(1);
    expect(again.ttl).toBeGreaterThan(0);
    expect(again.ttl).toBeLessThanOrEqual(300);
  });

  it('1,000 requests of a hot key cost at most 100 Redis calls', async () => {
    const g = gateway();
    for (let i = 0; i < 1000; i++) {
      const r = await take(g.store, 'busy', 120_000);
      expect(r.current).toBe(i + 1);
    }
    expect(g.calls()).toBeLessThanOrEqual(100);
    // The counter holds every admitted request plus the rest of the lease in hand (at most 64).
    const counter = Number(await redis.get(`${nameSpace}busy`));
    expect(counter).toBeGreaterThanOrEqual(1000);
    expect(counter).toBeLessThanOrEqual(1000 + 64);
    console.log(`1,000 requests of one key, 1 in flight: ${g.calls()} Redis calls`);
  });

  it('a lease mostly unspent when its window ends halves the next one', async () => {
    const g = gateway({ hotMs: 10_000 });
    // Leases of 1, 2, 4 then 8 slots (each spent "fast"): 15 counted, 8 admitted.
    for (let i = 0; i < 8; i++) expect((await take(g.store, 'cooling', 1000, 300)).current).toBeLessThanOrEqual(1000);
    expect(await redis.get(`${nameSpace}cooling`)).toBe('15');
    await sleep(350);
    // 7 of the 8 slots were lost with the window: the next window's first lease is 4.
    expect((await take(g.store, 'cooling', 1000, 300)).current).toBe(1);
    expect(await redis.get(`${nameSpace}cooling`)).toBe('4');
  });

  it('requests of one key arriving while its lease is taken share that call', async () => {
    const g = gateway();
    const rs = await Promise.all([...Array(20)].map(() => take(g.store, 'burst', 1000)));
    expect(rs.map((r) => r.current).sort((x, y) => x - y)).toEqual([...Array(20)].map((_, i) => i + 1));
    // The first call leases 1 slot; the 19 that waited on it share a second one.
    expect(g.calls()).toBe(2);
  });

  it('holds at most maxKeys keys', async () => {
    const g = gateway({ maxKeys: 100 });
    for (let i = 0; i < 250; i++) await take(g.store, `many-${i}`, 10);
    expect(g.store.heldKeys).toBeLessThanOrEqual(100);
    // A key dropped from memory is still counted in Redis.
    expect(await redis.get(`${nameSpace}many-0`)).toBe('1');
    expect((await take(g.store, 'many-0', 10)).current).toBe(2);
  });

  it('a Redis failure goes to the callback (skipOnError then lets the request through)', async () => {
    const down = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    connections.push(down);
    const store = new (leasedStore({ redis: down, nameSpace }))();
    await expect(take(store, 'down', 10)).rejects.toThrow();
    // Nothing is left waiting on the failed call: the next request asks again, and fails again.
    await expect(Promise.all([take(store, 'down', 10), take(store, 'down', 10)])).rejects.toThrow();
  });
});
