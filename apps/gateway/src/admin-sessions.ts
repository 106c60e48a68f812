import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ApiKeyPrincipal, redisKeys } from '@npc/contracts';

/** The cookie the dashboard gets from `POST /v1/admin/session` (HttpOnly, SameSite=Strict). */
export const ADMIN_COOKIE = 'npc_admin';
const SESSION_TTL_S = 3600;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Browser sessions of the queue admin page (/admin/queues): a random token in an HttpOnly,
 * SameSite=Strict cookie; Redis holds only its sha256 (so every gateway accepts it), mapped to the
 * admin principal that opened it, for an hour. Opened by an admin key (`POST /v1/admin/session`).
 */
export class AdminSessions {
  private readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async create(principal: ApiKeyPrincipal): Promise<{ token: string; maxAgeS: number }> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.keyOf(token), JSON.stringify(principal), 'EX', SESSION_TTL_S);
    return { token, maxAgeS: SESSION_TTL_S };
  }

  /** The principal that opened the session, or null (unknown, expired, or not a token of ours). */
  async principal(token: string): Promise<ApiKeyPrincipal | null> {
    if (!TOKEN.test(token)) return null;
    const stored = await this.redis.get(this.keyOf(token));
    if (!stored) return null;
    try {
      const parsed = ApiKeyPrincipal.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async delete(token: string): Promise<void> {
    await this.redis.del(this.keyOf(token));
  }

  private keyOf(token: string): string {
    return this.keys.adminSession(createHash('sha256').update(token).digest('hex'));
  }
}

/** The Set-Cookie value that opens (`token`) or clears (null) the admin session cookie. */
export function sessionCookie(token: string | null, maxAgeS: number, secure: boolean): string {
  return `${ADMIN_COOKIE}=${token ?? ''}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${token ? maxAgeS : 0}${secure ? '; Secure' : ''}`;
}

/** One cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
