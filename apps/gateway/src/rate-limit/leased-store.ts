import { performance } from 'node:perf_hooks';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Cluster, Redis } from 'ioredis';
import { defineScripts } from '@npc/config';

const SCRIPTS = { npcRateLease: new URL('./lua/lease.lua', import.meta.url) };

export interface LeasedStoreOptions {
  redis: Redis | Cluster;
  /** Prefix of every counter's key (`redisKeys(prefix).rateLimit('')`), as the library's `nameSpace`. */
  nameSpace: string;
  /** Keys held in memory at most (each costs ~100 bytes); past it, ended windows then the oldest are dropped. */
  maxKeys?: number;
  /** Largest lease, whatever the limit (a lease is also at most a 20th of the limit). */
  maxLease?: number;
  /** A lease spent within this many ms means the key is hot: the next one is twice as large. */
  hotMs?: number;
}

/** The store, and what it holds (for tests and metrics). */
export interface LeasedStore extends FastifyRateLimitStore {
  /** Keys held in memory now (at most `maxKeys`). */
  readonly heldKeys: number;
}
export type LeasedStoreCtor = new (options?: unknown) => LeasedStore;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface Waiter {
  cb: Callback;
  max: number;
}

/** One key's window as this gateway sees it. */
interface KeyState {
  /** performance.now() at which the Redis counter expires (never later than it really does). */
  windowEnd: number;
  /** Slots leased to this gateway in this window, and how many of them were spent. */
  leased: number;
  used: number;
  /** The counter's value after this gateway's last lease (every gateway's slots, spent or not). */
  total: number;
  /** Size of the next lease (1 … cap), and when the current one was granted. */
  size: number;
  leasedAt: number;
  /** Requests waiting for the lease call in flight (undefined: none in flight). */
  waiting: Waiter[] | undefined;
}

/**
 * A store for @fastify/rate-limit that spends most requests without a Redis round trip: each
 * gateway takes *leases* of request slots from the key's shared counter (lua/lease.lua: the
 * counter only ever grows by granted slots and never past the limit) and spends them in memory.
 *
 * - Never over the limit: a request is admitted only on a slot the counter already counts.
 * - Under by at most one lease per gateway per key and window: slots leased but not spent when the
 *   window ends are lost. A lease starts at 1 slot (a slow key costs one call per request, exactly
 *   as the library's own Redis store), doubles while leases are spent within `hotMs`, up to
 *   min(maxLease, ceil(limit / 20)), and halves after a window that left most of one unspent.
 * - Once the counter is seen at the limit, the rest of the window is refused without a call (the
 *   counter cannot go down before it expires); a larger limit for the key asks again.
 * - Requests of one key that arrive while its lease is being taken wait for that one call.
 * - A Redis error goes to the callback, so `skipOnError` lets the request through as before.
 *
 * The counter's key and value are those of the library's Redis store (nameSpace + key, an integer
 * expiring with the window), so gateways on either store share one count during a rollout.
 * `continueExceeding` and `exponentialBackoff` are not supported (the gateway uses neither).
 */
export function leasedStore(opts: LeasedStoreOptions): LeasedStoreCtor & FastifyRateLimitStoreCtor {
  const maxKeys = opts.maxKeys ?? 50_000;
  const maxLease = opts.maxLease ?? 64;
  const hotMs = opts.hotMs ?? 100;
  const { npcRateLease } = defineScripts(opts.redis, SCRIPTS);

  class Store implements LeasedStore {
    private readonly keys = new Map<string, KeyState>();

    // The library constructs its store with its global options, none of which this store needs.
    constructor(_options?: unknown, private readonly nameSpace = opts.nameSpace) {}

    get heldKeys(): number {
      return this.keys.size;
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      const now = performance.now();
      let s = this.keys.get(key);
      if (s && s.windowEnd <= now && !s.waiting) s = this.endWindow(s);
      if (!s) s = this.add(key);
      if (s.waiting) {
        // A lease for this key is on its way: share it.
        s.waiting.push({ cb, max });
        return;
      }
      if (s.used < s.leased) {
        s.used++;
        cb(null, { current: s.total - s.leased + s.used, ttl: s.windowEnd - now });
        return;
      }
      if (s.total >= max && s.windowEnd > now) {
        cb(null, { current: max + 1, ttl: s.windowEnd - now });
        return;
      }
      this.lease(key, s, [{ cb, max }], timeWindow);
    }

    child(routeOptions: unknown): LeasedStore {
      // Same key layout as the library's Redis store for a route's own limit.
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new Store(undefined, `${this.nameSpace}${String(route.method)}${String(route.url)}-`);
    }

    /** Takes a lease for `waiting` (the first of which found no slot) and serves them from it in order. */
    private lease(key: string, s: KeyState, waiting: Waiter[], timeWindow: number): void {
      s.waiting = waiting;
      const max = waiting[0]!.max;
      const cap = Math.max(1, Math.min(maxLease, Math.ceil(max / 20)));
      const sentAt = performance.now();
      // A previous lease spent within hotMs: this key is hot, lease more at once.
      if (s.leased > 0 && sentAt - s.leasedAt <= hotMs) s.size = Math.min(cap, s.size * 2);
      s.size = Math.min(s.size, cap);
      const want = Math.min(cap, Math.max(s.size, waiting.length));
      npcRateLease(this.nameSpace + key, want, max, timeWindow).then(
        (reply) => {
          const [total, ttl, grant] = (reply as [number, number, number]).map(Number) as [number, number, number];
          const now = performance.now();
          const queued = s.waiting ?? [];
          s.waiting = undefined;
          // The window's end as of when the call was sent: never later than Redis's.
          const windowEnd = sentAt + ttl;
          // The counter went back (it expired, or was deleted): a new window, whose slots start at 0.
          if (total - grant < s.total) this.resetWindow(s);
          s.windowEnd = windowEnd;
          s.total = total;
          s.leased += grant;
          s.leasedAt = now;
          let i = 0;
          for (; i < queued.length && s.used < s.leased; i++) {
            s.used++;
            queued[i]!.cb(null, { current: s.total - s.leased + s.used, ttl: windowEnd - now });
          }
          const rest = queued.slice(i);
          if (rest.length === 0) return;
          // Slots ran out with requests still waiting: refuse those over the limit, lease again for the others.
          const again = rest.filter((w) => {
            if (s.total < w.max) return true;
            w.cb(null, { current: w.max + 1, ttl: windowEnd - now });
            return false;
          });
          if (again.length > 0) this.lease(key, s, again, timeWindow);
        },
        (err: unknown) => {
          const queued = s.waiting ?? [];
          s.waiting = undefined;
          const error = err instanceof Error ? err : new Error(String(err));
          for (const w of queued) w.cb(error);
        },
      );
    }

    /** A window ended: its unspent slots are lost; most of a lease unspent means the key cooled down. */
    private endWindow(s: KeyState): KeyState {
      if (s.leased > 0 && (s.leased - s.used) * 2 > s.size) s.size = Math.max(1, Math.floor(s.size / 2));
      this.resetWindow(s);
      return s;
    }

    private resetWindow(s: KeyState): void {
      s.leased = 0;
      s.used = 0;
      s.total = 0;
      s.windowEnd = 0;
    }

    private add(key: string): KeyState {
      if (this.keys.size >= maxKeys) this.shrink();
      const s: KeyState = { windowEnd: 0, leased: 0, used: 0, total: 0, size: 1, leasedAt: 0, waiting: undefined };
      this.keys.set(key, s);
      return s;
    }

    /** Drops ended windows, then the oldest keys, down to 90% of maxKeys (amortised: once per 10% of new keys). */
    private shrink(): void {
      const now = performance.now();
      for (const [k, s] of this.keys) if (s.windowEnd <= now && !s.waiting) this.keys.delete(k);
      const target = Math.floor(maxKeys * 0.9);
      for (const [k, s] of this.keys) {
        if (this.keys.size <= target) break;
        // Its unspent slots are lost: under-admitted, never over.
        if (!s.waiting) this.keys.delete(k);
      }
    }
  }
  return Store;
}
