/**
 * The intention registry: before acting on an exclusive resource (a player's quest slot, limited
 * stock, a boss spawn, a map spot) an NPC claims it with a Redis lease. One Lua script per
 * operation, every key under the queue prefix (one hashtag):
 *
 * - CLAIM: a held lease answers at once (re-entrant for its holder). A free resource opens a
 *   contention window (`windowMs`, 0 = none); claimants in the window are ranked by priority, then
 *   by earliest claim; the first call after the window closes grants the lease to the best one
 *   (whoever makes that call): `INCR` of the resource's fence gives the fencing token and the lease
 *   expires after its TTL (PEXPIRE). The caller's own intention index (a declared key) records a
 *   lease the caller holds; a winner granted by another NPC's call records it at its next claim
 *   (it is waiting on the window, so it calls again): a script never writes a key it did not
 *   declare, which DragonFly refuses.
 * - RELEASE / RENEW / COMMIT check holder and fencing token: a stale holder (its lease expired and
 *   the resource went to someone else, with a higher token) is rejected.
 *
 * Time is Redis's (`TIME`), so processes with skewed clocks agree on windows and expiry.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster, Redis } from 'ioredis';
import { agentKeys, ResourceId, type Intention } from '@npc/contracts';

type RedisLike = Redis | Cluster;

/** Priorities are integers in this range (higher wins). */
export const PRIORITY_MIN = -1000;
export const PRIORITY_MAX = 1000;

const NOW_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS: lease, fence, candidates, candidateInfo, round, intents(caller)
// ARGV: npc, priority, ttlMs, windowMs, name, resource
// → {status (1 granted to caller, 0 held by another, 2 pending), holder, token, expiresAt|roundEnd, holderName, waitMs}
const CLAIM_LUA = `${NOW_LUA}
local h = redis.call('HMGET', KEYS[1], 'holder', 'token', 'expiresAt', 'holderName')
if h[1] then
  if h[1] == ARGV[1] then
    redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
    redis.call('ZADD', KEYS[6], tonumber(h[3]), ARGV[6])
    return {1, h[1], h[2], h[3], h[4] or '', 0}
  end
  return {0, h[1], h[2], h[3], h[4] or '', 0}
end
local prio = tonumber(ARGV[2])
local window = tonumber(ARGV[4])
local r = redis.call('GET', KEYS[5])
local rstart, rend
if r then
  rstart, rend = string.match(r, '^(%d+),(%d+)$')
  rstart = tonumber(rstart)
  rend = tonumber(rend)
else
  rstart = now
  rend = now + window
  redis.call('SET', KEYS[5], rstart .. ',' .. rend, 'PX', window + 60000)
end
local score = (1000 - prio) * 1000000000 + math.min(999999999, now - rstart)
if redis.call('ZADD', KEYS[3], 'NX', score, ARGV[1]) == 1 then
  redis.call('HSET', KEYS[4], ARGV[1], prio .. '|' .. ARGV[3] .. '|' .. ARGV[5])
end
if now < rend then
  redis.call('PEXPIRE', KEYS[3], rend - now + 60000)
  redis.call('PEXPIRE', KEYS[4], rend - now + 60000)
  return {2, '', '0', tostring(rend), '', rend - now}
end
local best = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
local info = redis.call('HGET', KEYS[4], best) or (ARGV[2] .. '|' .. ARGV[3] .. '|')
local bprio, bttl, bname = string.match(info, '^(-?%d+)|(%d+)|(.*)$')
local token = redis.call('INCR', KEYS[2])
local exp = now + tonumber(bttl)
redis.call('HSET', KEYS[1], 'holder', best, 'token', token, 'priority', bprio, 'claimedAt', now, 'expiresAt', exp, 'holderName', bname)
redis.call('PEXPIRE', KEYS[1], tonumber(bttl))
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
local status = 0
if best == ARGV[1] then
  status = 1
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
  redis.call('ZADD', KEYS[6], exp, ARGV[6])
end
return {status, best, tostring(token), tostring(exp), bname, 0}
`;

// KEYS: lease, intents(npc)   ARGV: npc, token, resource
const RELEASE_LUA = `
local h = redis.call('HMGET', KEYS[1], 'holder', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
return 1
`;

// KEYS: lease, intents(npc)   ARGV: npc, token, resource, ttlMs
const RENEW_LUA = `${NOW_LUA}
local h = redis.call('HMGET', KEYS[1], 'holder', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
local exp = now + tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'expiresAt', exp)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('ZADD', KEYS[2], exp, ARGV[3])
return exp
`;

// KEYS: lease   ARGV: npc, token → 1 when the caller still holds the resource under this token
const COMMIT_LUA = `
local h = redis.call('HMGET', KEYS[1], 'holder', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
redis.call('HINCRBY', KEYS[1], 'commits', 1)
return 1
`;

interface LeaseScripts {
  npcLeaseClaim(lease: string, fence: string, cand: string, candInfo: string, round: string, intents: string, npc: string, prio: number, ttl: number, window: number, name: string, resource: string): Promise<[number, string, string, string, string, number]>;
  npcLeaseRelease(lease: string, intents: string, npc: string, token: string, resource: string): Promise<number>;
  npcLeaseRenew(lease: string, intents: string, npc: string, token: string, resource: string, ttl: number): Promise<number>;
  npcLeaseCommit(lease: string, npc: string, token: string): Promise<number>;
}

function withScripts(redis: RedisLike): RedisLike & LeaseScripts {
  const r = redis as RedisLike & Partial<LeaseScripts>;
  if (!r.npcLeaseClaim) {
    redis.defineCommand('npcLeaseClaim', { numberOfKeys: 6, lua: CLAIM_LUA });
    redis.defineCommand('npcLeaseRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
    redis.defineCommand('npcLeaseRenew', { numberOfKeys: 2, lua: RENEW_LUA });
    redis.defineCommand('npcLeaseCommit', { numberOfKeys: 1, lua: COMMIT_LUA });
  }
  return r as RedisLike & LeaseScripts;
}

export interface ClaimOptions {
  /** Higher wins a contention window (integer, -1000…1000). Default 0. */
  priority?: number;
  /** Lease lifetime. Default 60 s. */
  ttlMs?: number;
  /** Contention window opened by the first claim of a free resource. Default 0 (first come). */
  windowMs?: number;
  /** Give up (denied, reason `timeout`) rather than wait past this epoch ms. */
  deadlineAt?: number;
  /** Shown to others who find the resource held ("Mira is already…"). */
  holderName?: string;
}

export type ClaimResult =
  | { granted: true; resource: string; token: number; expiresAt: number }
  | { granted: false; resource: string; reason: 'held' | 'timeout'; holder?: string; holderName?: string; token?: number; expiresAt?: number };

export interface Lease {
  resource: string;
  holder: string;
  holderName?: string;
  token: number;
  priority: number;
  claimedAt: number;
  expiresAt: number;
}

export class LeaseManager {
  private readonly keys;
  private readonly scripts: RedisLike & LeaseScripts;

  constructor(private readonly redis: RedisLike, prefix: string) {
    this.keys = agentKeys(prefix);
    this.scripts = withScripts(redis);
  }

  /**
   * Claims `resource` for `npcId`: granted (with the fencing token), or denied because another NPC
   * holds it (or won the contention window), or because the deadline came first. Waits only while
   * a contention window is open, never past `deadlineAt`.
   */
  async claim(resource: string, npcId: string, opts: ClaimOptions = {}): Promise<ClaimResult> {
    ResourceId.parse(resource);
    const prio = Math.trunc(Math.min(PRIORITY_MAX, Math.max(PRIORITY_MIN, opts.priority ?? 0)));
    const ttl = Math.max(1, Math.trunc(opts.ttlMs ?? 60_000));
    const window = Math.max(0, Math.trunc(opts.windowMs ?? 0));
    const name = (opts.holderName ?? '').replace(/[|\r\n]/g, ' ').slice(0, 64);
    for (;;) {
      const [status, holder, token, at, holderName, waitMs] = await this.scripts.npcLeaseClaim(
        this.keys.lease(resource), this.keys.fence(resource), this.keys.candidates(resource), this.keys.candidateInfo(resource),
        this.keys.round(resource), this.keys.intentions(npcId), npcId, prio, ttl, window, name, resource,
      );
      if (status === 1) return { granted: true, resource, token: Number(token), expiresAt: Number(at) };
      if (status === 0) {
        return { granted: false, resource, reason: 'held', holder, token: Number(token), expiresAt: Number(at), ...(holderName ? { holderName } : {}) };
      }
      // Pending: the window is open; come back when it closes (never past the deadline).
      const left = opts.deadlineAt === undefined ? Infinity : opts.deadlineAt - Date.now();
      if (left <= waitMs) {
        await this.withdraw(resource, npcId);
        return { granted: false, resource, reason: 'timeout' };
      }
      await sleep(Math.max(1, Number(waitMs)));
    }
  }

  /** Leaves a contention window (a claimant that gave up must not win it later). */
  async withdraw(resource: string, npcId: string): Promise<void> {
    await this.redis.multi().zrem(this.keys.candidates(resource), npcId).hdel(this.keys.candidateInfo(resource), npcId).exec();
  }

  /** Releases on completion; false when the caller no longer holds it under `token` (stale). */
  async release(resource: string, npcId: string, token: number): Promise<boolean> {
    return (await this.scripts.npcLeaseRelease(this.keys.lease(resource), this.keys.intentions(npcId), npcId, String(token), resource)) === 1;
  }

  /** Extends the lease; false when stale. */
  async renew(resource: string, npcId: string, token: number, ttlMs: number): Promise<boolean> {
    return (await this.scripts.npcLeaseRenew(this.keys.lease(resource), this.keys.intentions(npcId), npcId, String(token), resource, Math.max(1, Math.trunc(ttlMs)))) > 0;
  }

  /**
   * The fencing check before acting on the resource: true only while `npcId` holds it under
   * `token`. A holder whose lease expired (and was reassigned with a higher token) is rejected.
   */
  async commit(resource: string, npcId: string, token: number): Promise<boolean> {
    return (await this.scripts.npcLeaseCommit(this.keys.lease(resource), npcId, String(token))) === 1;
  }

  /** The current lease of a resource, or null. */
  async holder(resource: string): Promise<Lease | null> {
    const h = await this.redis.hgetall(this.keys.lease(resource));
    return h.holder ? toLease(resource, h) : null;
  }

  /** The leases `npcId` holds now (GET /v1/npcs/{id}/intentions): two round trips, read-only. */
  async leasesOf(npcId: string, now = Date.now()): Promise<Lease[]> {
    const resources = await this.redis.zrangebyscore(this.keys.intentions(npcId), now, '+inf');
    if (resources.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const r of resources) pipe.hgetall(this.keys.lease(r));
    const res = (await pipe.exec()) ?? [];
    const out: Lease[] = [];
    resources.forEach((r, i) => {
      const h = res[i]?.[1] as Record<string, string> | undefined;
      if (h?.holder === npcId) out.push(toLease(r, h));
    });
    return out.sort((a, b) => a.claimedAt - b.claimedAt || (a.resource < b.resource ? -1 : 1));
  }

  async intentionsOf(npcId: string, now = Date.now()): Promise<Intention[]> {
    return (await this.leasesOf(npcId, now)).map((l) => ({
      resource: l.resource, token: l.token, priority: l.priority,
      claimedAt: new Date(l.claimedAt).toISOString(), expiresAt: new Date(l.expiresAt).toISOString(),
    }));
  }

  /** Releases what `npcId` holds of `resource`, whatever the token (the holder finishing its own work). */
  async releaseHeld(resource: string, npcId: string): Promise<boolean> {
    const l = await this.holder(resource);
    return l?.holder === npcId ? this.release(resource, npcId, l.token) : false;
  }
}

function toLease(resource: string, h: Record<string, string>): Lease {
  return {
    resource,
    holder: h.holder ?? '',
    ...(h.holderName ? { holderName: h.holderName } : {}),
    token: Number(h.token ?? 0),
    priority: Number(h.priority ?? 0),
    claimedAt: Number(h.claimedAt ?? 0),
    expiresAt: Number(h.expiresAt ?? 0),
  };
}
