import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyPrincipal, type ApiKeyScope } from '@npc/contracts';
import { ApiKeyRepository, hashApiKey, randomBase62 } from './apikeys';
import { createTestDatabase, type TestDatabase } from './test-db';

describe('ApiKeyRepository', () => {
  let test: TestDatabase;
  let keys: ApiKeyRepository;
  beforeAll(async () => {
    test = await createTestDatabase();
    keys = new ApiKeyRepository(test.database.db);
  });
  afterAll(() => test.drop());

  it('creates a key whose plaintext authenticates to its principal', async () => {
    const { principal, key } = await keys.create({ name: 'prontera-1', scope: 'game', rateLimitPerMin: 6000 });
    expect(ApiKeyPrincipal.parse(principal)).toEqual(principal);
    expect(principal).toEqual({ id: expect.any(String), name: 'prontera-1', scope: 'game', rateLimitPerMin: 6000 });
    expect(key).toMatch(new RegExp(`^npk_${principal.id}_[0-9A-Za-z]{32,}$`));
    expect(await keys.authenticate(key)).toEqual(principal);
  });

  it('stores only the sha256 of the key', async () => {
    const { principal, key } = await keys.create({ name: 'ops', scope: 'admin', rateLimitPerMin: 60 });
    const row = await test.database.db.selectFrom('api_keys').selectAll().where('id', '=', principal.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(row.key_hash).toBe(hashApiKey(key));
    const secret = key.split('_')[2]!;
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row).toMatchObject({ name: 'ops', scope: 'admin', rate_limit_per_min: 60, revoked_at: null, last_used_at: null });
  });

  it('rejects wrong, malformed and revoked keys', async () => {
    const { principal, key } = await keys.create({ name: 'temp', scope: 'game', rateLimitPerMin: 100 });
    const wrong = `npk_${principal.id}_${randomBase62(40)}`;
    expect(await keys.authenticate(wrong)).toBeNull();
    expect(await keys.authenticate(key.slice(0, -1))).toBeNull();
    expect(await keys.authenticate('')).toBeNull();
    expect(await keys.authenticate('Bearer ' + key)).toBeNull();
    expect(await keys.authenticate(`${key}x`.repeat(20))).toBeNull();

    expect(await keys.revoke(principal.id)).toBe(true);
    expect(await keys.authenticate(key)).toBeNull();
    expect(await keys.revoke(principal.id)).toBe(false);
    expect(await keys.revoke('no-such-key')).toBe(false);
  });

  it('lists keys with their state and records use', async () => {
    const { principal } = await keys.create({ name: 'listed', scope: 'game', rateLimitPerMin: 1 });
    await keys.touch(principal.id);
    const listed = await keys.list();
    const mine = listed.find((k) => k.id === principal.id);
    expect(mine).toEqual({ ...principal, createdAt: expect.any(String), revokedAt: null, lastUsedAt: expect.any(String) });
    expect(listed.some((k) => k.name === 'temp' && k.revokedAt !== null)).toBe(true);
    expect(JSON.stringify(listed)).not.toMatch(/npk_|key_hash/);
  });

  it('refuses invalid input', async () => {
    await expect(keys.create({ name: 'x', scope: 'game', rateLimitPerMin: 0 })).rejects.toThrow();
    await expect(keys.create({ name: 'x', scope: 'root' as ApiKeyScope, rateLimitPerMin: 10 })).rejects.toThrow();
  });

  it('makes distinct ids and keys', async () => {
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => keys.create({ name: `k${i}`, scope: 'game', rateLimitPerMin: 10 })));
    expect(new Set(made.map((m) => m.principal.id)).size).toBe(20);
    expect(new Set(made.map((m) => m.key)).size).toBe(20);
  });
});

describe('randomBase62', () => {
  it('gives the requested length from the base62 alphabet', () => {
    for (const n of [1, 10, 40, 100]) expect(randomBase62(n)).toMatch(new RegExp(`^[0-9A-Za-z]{${n}}$`));
  });
});
