/**
 * The intention registry: before acting on an exclusive resource (a player's quest slot, limited
 * stock, a boss spawn, a map spot) an NPC claims it with a Redis lease. One Lua script per
 * operation (`lua/`), every key under the queue prefix (one hashtag):
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
import { defineScripts } from '@npc/config';
import { agentKeys, ResourceId, type Intention } from '@npc/contracts';

type RedisLike = Redis | Cluster;

/** Priorities are integers in this range (higher wins). */
export const PRIORITY_MIN = -1000;
export const PRIORITY_MAX = 1000;

/** One script per operation (`lua/*.lua`, each declaring its keys). */
const SCRIPTS = {
  npcLeaseClaim: new URL('./lua/claim.lua', import.meta.url),
  npcLeaseRelease: new URL('./lua/release.lua', import.meta.url),
  npcLeaseRenew: new URL('./lua/renew.lua', import.meta.url),
  npcLeaseCommit: new URL('./lua/commit.lua', import.meta.url),
};

/** claim.lua's answer: status (1 granted to the caller, 0 held by another, 2 pending), holder, token, expiresAt|roundEnd, holderName, waitMs. */
type ClaimReply = [number, string, string, string, string, number];

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
  private readonly scripts;

  constructor(private readonly redis: RedisLike, prefix: string) {
    this.keys = agentKeys(prefix);
    this.scripts = defineScripts(redis, SCRIPTS);
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
      const [status, holder, token, at, holderName, waitMs] = (await this.scripts.npcLeaseClaim(
        this.keys.lease(resource), this.keys.fence(resource), this.keys.candidates(resource), this.keys.candidateInfo(resource),
        this.keys.round(resource), this.keys.intentions(npcId), npcId, prio, ttl, window, name, resource,
      )) as ClaimReply;
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
    return Number(await this.scripts.npcLeaseRenew(this.keys.lease(resource), this.keys.intentions(npcId), npcId, String(token), resource, Math.max(1, Math.trunc(ttlMs)))) > 0;
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
