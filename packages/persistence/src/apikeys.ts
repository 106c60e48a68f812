import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ApiKeyPrincipal, type ApiKeyScope } from '@npc/contracts';
import type { ApiKeyRow, Database } from './schema';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Key layout: `npk_<id>_<secret>`. */
export const API_KEY_PREFIX = 'npk_';
const ID_LENGTH = 10;
const SECRET_LENGTH = 40;
const KEY_PATTERN = /^npk_[0-9A-Za-z]+_[0-9A-Za-z]{32,}$/;

/** Uniform random base62 text (rejection sampling: no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** The id part of a key of ours (`npk_<id>_<secret>`), or null for anything else. */
export function apiKeyId(key: string): string | null {
  if (key.length > 256 || !KEY_PATTERN.test(key)) return null;
  return key.slice(API_KEY_PREFIX.length, key.indexOf('_', API_KEY_PREFIX.length));
}

/** sha256 hex of the full key: what `api_keys.key_hash` holds. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface NewApiKey {
  name: string;
  scope: ApiKeyScope;
  rateLimitPerMin: number;
}

/** An API key as listed to admins (never the secret or its hash). */
export interface ApiKeySummary extends ApiKeyPrincipal {
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const toPrincipal = (row: Pick<ApiKeyRow, 'id' | 'name' | 'scope' | 'rate_limit_per_min'>): ApiKeyPrincipal => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  rateLimitPerMin: row.rate_limit_per_min,
});

export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a key. `key` is the plaintext, returned only here; only its sha256 is stored. */
  async create(input: NewApiKey): Promise<{ principal: ApiKeyPrincipal; key: string }> {
    const principal = ApiKeyPrincipal.parse({ id: randomBase62(ID_LENGTH), ...input });
    const key = `${API_KEY_PREFIX}${principal.id}_${randomBase62(SECRET_LENGTH)}`;
    await this.db
      .insertInto('api_keys')
      .values({
        id: principal.id,
        name: principal.name,
        scope: principal.scope,
        key_hash: hashApiKey(key),
        rate_limit_per_min: principal.rateLimitPerMin,
      })
      .execute();
    return { principal, key };
  }

  /** The principal of a valid, unrevoked key; null for anything else. */
  async authenticate(key: string): Promise<ApiKeyPrincipal | null> {
    if (apiKeyId(key) === null) return null; // not ours: no query
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'scope', 'rate_limit_per_min'])
      .where('key_hash', '=', hashApiKey(key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toPrincipal(row) : null;
  }

  /** The ids of the unrevoked keys (a gateway answers keys with another id without asking for their hash). */
  async activeIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('api_keys').select('id').where('revoked_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  /** Every key, revoked ones included, oldest first. */
  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'scope', 'rate_limit_per_min', 'created_at', 'revoked_at', 'last_used_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      ...toPrincipal(row),
      createdAt: row.created_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
    }));
  }

  /** Revokes a key; false when it does not exist or was already revoked. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set((eb) => ({ revoked_at: eb.fn<Date>('now') }))
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Records that the key was just used (best effort; callers should throttle it). */
  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set((eb) => ({ last_used_at: eb.fn<Date>('now') }))
      .where('id', '=', id)
      .execute();
  }
}
