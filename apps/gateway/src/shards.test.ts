import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayEnv, createLogger, loadConfig } from '@npc/config';
import { decisionKeys, keySlot, redisKeys } from '@npc/contracts';
import { KAFRA } from '@npc/testing';
import { startGateway, type RunningGateway } from './gateway';
import { allStored, decisionBody, http, startStack, type HttpResult, type Stack } from './test-harness';

/**
 * DECISION_SHARDS through real gateways, a rules worker process, Redis and PostgreSQL: the
 * per-decision keys spread over the shards' hashtags with every guarantee kept (one decision per
 * requestId across gateways, everything stored), and the move of an installation from one shard
 * to N (drain then switch, DECISION_SHARDS_LEGACY: docs/scaling.md).
 */
const silent = createLogger('test', 'silent');
const stacks: Stack[] = [];
const gateways: RunningGateway[] = [];
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(stacks.map((s) => s.close()));
  redis.disconnect();
});

/** A second gateway on a stack's prefix and schema. */
async function extraGateway(s: Stack, env: Record<string, string>): Promise<RunningGateway> {
  const g = await startGateway(loadConfig(GatewayEnv, {
    ...process.env, QUEUE_PREFIX: s.prefix, DATABASE_SCHEMA: s.schema, PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0',
    AUTH_FAILURES_PER_IP_PER_MIN: '0', INSTANCE_ID: `gw-${randomUUID()}`, ...env,
  }), silent);
  gateways.push(g);
  return g;
}


async function gameKey(s: Stack): Promise<{ key: string; id: string }> {
  const created = await s.repos.apiKeys.create({ name: 'shards', scope: 'game', rateLimitPerMin: 1_000_000 });
  return { key: created.key, id: created.principal.id };
}

describe('DECISION_SHARDS=4', () => {
  it('two gateways: each decision\'s record and claim sit in its shard, the same requestId sent to both at once is one decision, all stored, found from either gateway', async () => {
    const s = await startStack({ worker: 'none', env: { DECISION_SHARDS: '4' } });
    stacks.push(s);
    await s.spawnWorker();
    const b = await extraGateway(s, { DECISION_SHARDS: '4' });
    const game = await gameKey(s);
    await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
    const N = 80;
    const pairs = await Promise.all(Array.from({ length: N }, (_, i) =>
      Promise.all([s.url, b.url].map((url) => http(url, 'POST', '/v1/decisions', { key: game.key, body: decisionBody('kafra1', { requestId: `both-${i}`, deadlineMs: 3000 }) }))) as Promise<[HttpResult, HttpResult]>));
    expect(pairs.every(([x, y]) => x.status === 200 && y.status === 200)).toBe(true);
    expect(pairs.filter(([x, y]) => x.body.decisionId !== y.body.decisionId)).toEqual([]);
    const ids = pairs.map(([x]) => x.body.decisionId as string);
    expect(new Set(ids).size).toBe(N);

    const keys = decisionKeys(s.prefix, 4);
    const one = redisKeys(s.prefix);
    expect(new Set(ids.map((id) => keys.shardOfDecision(id))).size).toBe(4);
    expect(new Set(keys.tags.map((t) => keySlot(t))).size).toBe(4);
    for (const [i, id] of ids.entries()) {
      expect(await redis.exists(keys.decision(id))).toBe(1);
      expect(await redis.exists(one.decision(id))).toBe(0);
      expect(await redis.get(keys.idempotency(game.id, `both-${i}`))).toBe(id);
    }
    await allStored(s, ids);
    expect(await Promise.all(keys.logs.map((l) => redis.xlen(l)))).toEqual([0, 0, 0, 0]);
    expect(await redis.exists(one.decisionLog)).toBe(0);
    // Found from the gateway that did not answer it too; an async decision is pending, then found.
    expect((await http(b.url, 'GET', `/v1/decisions/${ids[0]}`, { key: game.key })).body.decisionId).toBe(ids[0]);
    const accepted = await http(b.url, 'POST', '/v1/decisions', { key: game.key, body: decisionBody('kafra1', { wait: false, requestId: 'async-1' }) });
    expect(accepted.status).toBe(202);
    await expect.poll(async () => (await http(s.url, 'GET', `/v1/decisions/${accepted.body.decisionId}`, { key: game.key })).body.decisionId, { timeout: 10_000 }).toBe(accepted.body.decisionId);
    expect((await http(s.url, 'POST', '/v1/decisions', { key: game.key, body: decisionBody('kafra1', { requestId: 'async-1' }) })).body.decisionId).toBe(accepted.body.decisionId);
  }, 90_000);

  it('migration 1 → 4 (drain then switch): the switched gateway answers retries with the one-shard claims\' decisions, reads their records and stores the one-shard log stream left behind', async () => {
    // The installation before the switch: one shard, its log writer off so that its entries are still in the stream.
    const s = await startStack({ worker: 'none', env: { DECISION_LOG_WRITER: 'false' } });
    stacks.push(s);
    const oldWorker = await s.spawnWorker();
    const game = await gameKey(s);
    await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
    const before = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      http(s.url, 'POST', '/v1/decisions', { key: game.key, body: decisionBody('kafra1', { requestId: `old-${i}`, deadlineMs: 3000 }) })));
    expect(before.every((r) => r.status === 200)).toBe(true);
    const one = redisKeys(s.prefix);
    expect(await redis.xlen(one.decisionLog)).toBe(20);
    // Drained (the queue is empty: every decision above is answered); switch: the old worker stops, new processes start with 4 shards.
    await oldWorker.stop('SIGTERM');
    await s.spawnWorker({ DECISION_SHARDS: '4' });
    const g = await extraGateway(s, { DECISION_SHARDS: '4', DECISION_SHARDS_LEGACY: 'true' });
    const retried = await Promise.all(before.map((_, i) =>
      http(g.url, 'POST', '/v1/decisions', { key: game.key, body: decisionBody('kafra1', { requestId: `old-${i}`, deadlineMs: 3000 }) })));
    expect(retried.map((r) => r.body.decisionId)).toEqual(before.map((r) => r.body.decisionId));
    expect((await http(g.url, 'GET', `/v1/decisions/${before[0]!.body.decisionId}`, { key: game.key })).body.decisionId).toBe(before[0]!.body.decisionId);
    const fresh = await http(g.url, 'POST', '/v1/decisions', { key: game.key, body: decisionBody('kafra1', { requestId: 'new-1', deadlineMs: 3000 }) });
    const keys = decisionKeys(s.prefix, 4);
    expect(await redis.get(keys.idempotency(game.id, 'new-1'))).toBe(fresh.body.decisionId);
    expect(await redis.exists(one.idempotency(game.id, 'new-1'))).toBe(0);
    expect(await redis.exists(keys.decision(fresh.body.decisionId))).toBe(1);
    // The one-shard stream is written to PostgreSQL by the switched gateway, and so is the new decision.
    await allStored(s, [...before.map((r) => r.body.decisionId as string), fresh.body.decisionId]);
    await expect.poll(() => redis.xlen(one.decisionLog), { timeout: 10_000 }).toBe(0);
    const rows = await s.db.database.db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(21);
  }, 90_000);
});
