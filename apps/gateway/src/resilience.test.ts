import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GatewayEnv, createLogger, loadConfig } from '@npc/config';
import { Decision, NpcInput } from '@npc/contracts';
import { createTestDatabase, createRepositories } from '@npc/persistence';
import { KAFRA, isolatedEnv } from '@npc/testing';
import { startGateway, type RunningGateway } from './gateway';
import { decisionBody, http, startStack, type Stack } from './test-harness';

const stacks: Stack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

describe('deadline fallback', () => {
  it('with no worker running, answers from in-process rules within the deadline', async () => {
    const s = await startStack({ worker: 'none' });
    stacks.push(s);
    await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
    for (const deadlineMs of [50, 100, 200]) {
      // Three tries per deadline, each must be answered by the fallback, no sooner than the
      // deadline; the fastest must be within it plus a margin for the HTTP round trip. (One try
      // can be held up by a stall of this shared 2-core box; three in a row mean a slow fallback.)
      const elapsed: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const t0 = performance.now();
        const r = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', { deadlineMs }) });
        const ms = performance.now() - t0;
        elapsed.push(ms);
        expect(r.status).toBe(200);
        const d = Decision.parse(r.body);
        expect(d.source).toBe('rules');
        expect(d.action.type).toBe('warp');
        expect(ms).toBeGreaterThanOrEqual(deadlineMs - 15);
        await expect.poll(() => s.repos.decisions.get(d.decisionId), { timeout: 10_000 }).not.toBeNull();
        expect((await s.repos.decisions.get(d.decisionId))?.answeredBy).toMatch(/^gateway-fallback:/);
        if (ms < deadlineMs + 80) break;
      }
      expect(Math.min(...elapsed)).toBeLessThan(deadlineMs + 80);
    }
  });

  it('a worker that starts later still answers the queued jobs, and never makes a second decision', async () => {
    const s = await startStack({ worker: 'none' });
    stacks.push(s);
    await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
    const r = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', { deadlineMs: 30 }) });
    expect(r.status).toBe(200);
    const w = await s.spawnWorker();
    // The worker processes the late job; first writer wins, so the stored decision is the fallback.
    await expect.poll(async () => (await s.gateway.deps.rulesQueue.getJobCounts('completed')).completed, { timeout: 10_000 }).toBe(1);
    const stored = await s.repos.decisions.get(r.body.decisionId);
    expect(stored?.decision).toEqual(r.body);
    await w.stop();
  });
});

describe('worker crash', () => {
  it('kill -9 mid-job loses nothing: the stalled job is taken over and answered', async () => {
    const s = await startStack({ worker: 'none' });
    stacks.push(s);
    await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
    const lock = { WORKER_LOCK_MS: '1000', WORKER_STALLED_INTERVAL_MS: '500' };
    const slow = await s.spawnWorker({ ...lock, WORKER_FAULT_DELAY_MS: '60000' });
    const pending = http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', { deadlineMs: 20_000 }) });
    await expect.poll(async () => (await s.gateway.deps.rulesQueue.getJobCounts('active')).active, { timeout: 10_000 }).toBe(1);
    await slow.stop('SIGKILL');
    const rescuer = await s.spawnWorker(lock);
    const r = await pending;
    expect(r.status).toBe(200);
    await expect.poll(() => s.repos.decisions.get(r.body.decisionId), { timeout: 10_000 }).not.toBeNull();
    const stored = await s.repos.decisions.get(r.body.decisionId);
    expect(stored?.answeredBy).toMatch(new RegExp(`^worker-rules:.*:${rescuer.child.pid}$`));
    expect(r.body.latencyMs).toBeLessThan(20_000);
    await rescuer.stop();
  });

  it('SIGTERM lets a worker finish the job in hand before it exits', async () => {
    const s = await startStack({ worker: 'none' });
    stacks.push(s);
    await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
    const w = await s.spawnWorker({ WORKER_FAULT_DELAY_MS: '700' });
    const pending = http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', { deadlineMs: 10_000 }) });
    await expect.poll(async () => (await s.gateway.deps.rulesQueue.getJobCounts('active')).active, { timeout: 10_000 }).toBe(1);
    const code = await w.stop('SIGTERM');
    expect(code).toBe(0);
    const r = await pending;
    const stored = await s.repos.decisions.get(r.body.decisionId).then((x) => x);
    await expect.poll(() => s.repos.decisions.get(r.body.decisionId), { timeout: 10_000 }).not.toBeNull();
    expect((stored ?? (await s.repos.decisions.get(r.body.decisionId)))?.answeredBy).toMatch(new RegExp(`:${w.child.pid}$`));
  });
});

describe('dependencies down', () => {
  let gw: RunningGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  const log = createLogger('test', 'silent');

  it('PostgreSQL unreachable → /health/ready 503 and keyed requests 503', async () => {
    gw = await startGateway(loadConfig(GatewayEnv, { ...isolatedEnv(), PORT: '0', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }), log);
    const ready = await http(gw.url, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.postgres.ok).toBe(false);
    expect(ready.body.checks.redis.ok).toBe(true);
    const r = await http(gw.url, 'POST', '/v1/decisions', { key: `npk_${'a'.repeat(10)}_${'b'.repeat(40)}`, body: decisionBody('kafra1') });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('not_ready');
  });

  it('Redis unreachable → /health/ready 503, yet decisions are answered from in-process rules and stored', async () => {
    const db = await createTestDatabase();
    try {
      const repos = createRepositories(db.database.db);
      const { key } = await repos.apiKeys.create({ name: 't', scope: 'game', rateLimitPerMin: 1000 });
      await repos.npcs.upsert('kafra1', NpcInput.parse(KAFRA));
      gw = await startGateway(loadConfig(GatewayEnv, { ...isolatedEnv(), DATABASE_SCHEMA: db.schema, PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' }), log);
      const ready = await http(gw.url, 'GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.redis.ok).toBe(false);
      const t0 = performance.now();
      const r = await http(gw.url, 'POST', '/v1/decisions', { key, body: decisionBody('kafra1', { deadlineMs: 1000 }) });
      expect(r.status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(Decision.parse(r.body).source).toBe('rules');
      await expect.poll(() => repos.decisions.get(r.body.decisionId), { timeout: 10_000 }).not.toBeNull();
    } finally {
      await gw?.close();
      gw = undefined;
      await db.drop();
    }
  });
});
