import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal } from '@npc/contracts';
import { apiKeyId } from '@npc/persistence';
import { HttpError } from './http-errors';
import { TtlCache } from './ttl-cache';

export interface KeyStore {
  authenticate(key: string): Promise<ApiKeyPrincipal | null>;
  /** The ids of the unrevoked keys. */
  activeIds(): Promise<string[]>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
    receivedAt: number;
  }
}

export interface AuthenticatorOptions {
  /** How long a valid key is trusted without asking again (a revoked key stops working within it). */
  ttlMs: number;
  /** Valid keys cached (default 10,000). */
  maxKnown?: number;
  /** Unknown keys cached (default 50,000): a separate cache, so a flood of them never evicts a valid key. */
  maxUnknown?: number;
  /** How long an unknown key is answered 401 without asking again (default min(ttlMs, 5 s)). */
  unknownTtlMs?: number;
  /** The set of key ids is read again at most this often, when a key with an id not in it comes (default 200 ms). */
  idRefreshMs?: number;
}

export interface AuthenticatorStats {
  /** Hash lookups in the key store (one query each). */
  lookups: number;
  /** Reads of the set of key ids (one query each). */
  idReads: number;
}

/**
 * Bearer-key authentication that a flood of bad keys cannot turn into database load:
 * - valid keys are cached by their hash (the plaintext is never kept or logged) for `ttlMs`;
 * - unknown keys are cached negatively in a separate, bounded cache (they never evict a valid key);
 * - a key that is not of our layout (`npk_<id>_<secret>`) is refused without a query, and so is a
 *   key whose id is not one of the unrevoked keys' ids, which the gateway holds in memory and reads
 *   again at most once per `idRefreshMs` (see `freshIds`): random keys cost at most one query per
 *   `idRefreshMs` together, whatever their number;
 * - concurrent lookups of one key share one query.
 * What remains (a known id with a wrong secret) is bounded by the per-IP limit on failed
 * authentications (app.ts) before it gets here.
 */
export class Authenticator {
  private readonly known: TtlCache<ApiKeyPrincipal>;
  private readonly unknown: TtlCache<true>;
  private readonly inflight = new Map<string, Promise<ApiKeyPrincipal | null>>();
  private ids: Set<string> | null = null;
  private idsReadAt = -Infinity;
  private idsReading: Promise<void> | undefined;
  readonly stats: AuthenticatorStats = { lookups: 0, idReads: 0 };

  constructor(
    private readonly store: KeyStore,
    private readonly opts: AuthenticatorOptions,
  ) {
    this.known = new TtlCache(opts.maxKnown ?? 10_000);
    this.unknown = new TtlCache(opts.maxUnknown ?? 50_000);
  }

  async principalFor(authorization: string | undefined): Promise<ApiKeyPrincipal> {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m?.[1]) throw new HttpError(401, 'unauthorized', 'missing API key: send "Authorization: Bearer <key>"', 'authorization');
    const key = m[1];
    const hash = createHash('sha256').update(key).digest('hex');
    const principal = this.known.get(hash) ?? (this.unknown.has(hash) ? null : await this.lookup(key, hash));
    if (!principal) throw new HttpError(401, 'unauthorized', 'unknown or revoked API key', 'authorization');
    return principal;
  }

  /**
   * A fastify onRequest hook that authenticates the bearer key into `req.principal` (401 without a
   * valid one). What the key may do is each route's own guard (`requireScope`).
   */
  hook() {
    return async (req: FastifyRequest, _reply: FastifyReply) => {
      req.principal = await this.principalFor(req.headers.authorization);
    };
  }

  private async lookup(key: string, hash: string): Promise<ApiKeyPrincipal | null> {
    const id = apiKeyId(key);
    if (id === null || (await this.knownId(id)) === false) {
      this.unknown.set(hash, true, this.unknownTtl());
      return null;
    }
    let pending = this.inflight.get(hash);
    if (!pending) {
      this.stats.lookups++;
      pending = this.store.authenticate(key).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, pending);
    }
    const principal = await pending;
    if (principal) this.known.set(hash, principal, this.opts.ttlMs);
    else this.unknown.set(hash, true, this.unknownTtl());
    return principal;
  }

  /** Whether `id` is an unrevoked key's id: true, false, or undefined when the ids could not be read. */
  private async knownId(id: string): Promise<boolean | undefined> {
    if (this.ids?.has(id)) return true;
    await this.freshIds();
    return this.ids ? this.ids.has(id) : undefined;
  }

  /**
   * Reads the key ids again, at most once per `idRefreshMs`: a caller arriving sooner waits for the
   * next read, which every waiting caller shares. So a key created a moment ago works at its first
   * request (after at most `idRefreshMs`), and a flood of random keys costs at most one query per
   * `idRefreshMs`.
   */
  private freshIds(): Promise<void> {
    if (!this.idsReading) {
      const wait = Math.max(0, this.idsReadAt + (this.opts.idRefreshMs ?? 200) - Date.now());
      this.idsReading = new Promise((resolve) => setTimeout(resolve, wait))
        .then(() => this.readIds())
        .finally(() => (this.idsReading = undefined));
    }
    return this.idsReading;
  }

  private async readIds(): Promise<void> {
    this.idsReadAt = Date.now();
    this.stats.idReads++;
    try {
      this.ids = new Set(await this.store.activeIds());
    } catch {
      // Database unreachable: keep the ids we had (none yet: the hash lookup decides, and fails).
    }
  }

  private unknownTtl(): number {
    return this.opts.unknownTtlMs ?? Math.min(this.opts.ttlMs, 5000);
  }
}
