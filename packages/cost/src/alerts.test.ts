import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, runId } from '@npc/testing';
import { BudgetAlertEnv, BudgetAlerts, type BudgetAlertEvent } from './alerts';
import { DailyBudget } from './budget';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

describe('BudgetAlerts', () => {
  const received: { path: string | undefined; type: string | undefined; event: BudgetAlertEvent }[] = [];
  const hook = createServer(async (req, res) => {
    received.push({ path: req.url, type: req.headers['content-type'], event: JSON.parse(await body(req)) as BudgetAlertEvent });
    res.writeHead(204).end();
  });
  let url: string;
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(async () => {
    url = await listen(hook);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis.disconnect();
    await new Promise((resolve) => hook.close(resolve));
    await Promise.all(prefixes.map((p) => deleteRedisPrefix(p, REDIS_URL)));
  });

  it('logs, counts and POSTs each threshold once per day as the budget fills', async () => {
    received.length = 0;
    const { logger, lines } = capture();
    const registry = new Registry();
    const alerts = new BudgetAlerts({ logger, registry, webhookUrl: url, webhookTimeoutMs: 1000 });
    const prefix = `{npc-t-${runId()}}`;
    prefixes.push(prefix);
    const budget = new DailyBudget(redis, { prefix, dailyBudgetUsd: 2, onAlert: (c) => alerts.notify(c) });
    const day = budget.day();

    // 40 calls of $0.05 from concurrent callers: $2.00 in all, so 50, 80 and 100 % are all crossed.
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const r = await budget.reserve(0.05);
        if (r) await budget.settle(r, 0.05);
      }),
    );
    expect(await budget.reserve(0.000001)).toBeNull();
    await alerts.flush();

    const events = lines.filter((l) => l.event === 'budget_alert');
    expect(events.map((e) => e.threshold)).toEqual([0.5, 0.8, 1]);
    expect(events.map(({ level, threshold, day: d, spentUsd, budgetUsd }) => ({ level, threshold, d, spentUsd, budgetUsd }))).toEqual([
      { level: 40, threshold: 0.5, d: day, spentUsd: 1, budgetUsd: 2 },
      { level: 40, threshold: 0.8, d: day, spentUsd: 1.6, budgetUsd: 2 },
      { level: 50, threshold: 1, d: day, spentUsd: 2, budgetUsd: 2 },
    ]);

    expect(received.map((r) => r.event.threshold).sort()).toEqual([0.5, 0.8, 1]);
    for (const r of received) {
      expect(r.path).toBe('/hook');
      expect(r.type).toBe('application/json');
      expect(r.event).toEqual({ event: 'budget_alert', threshold: r.event.threshold, day, spentUsd: r.event.spentUsd, budgetUsd: 2 });
    }

    const counter = await registry.getSingleMetric('npc_budget_alerts_total')!.get();
    expect(counter.values.map((v) => [v.labels.threshold, v.value]).sort()).toEqual([['0.5', 1], ['0.8', 1], ['1', 1]]);
    expect((await registry.getSingleMetric('npc_budget_spent_ratio')!.get()).values[0]?.value).toBe(1);
    expect((await registry.getSingleMetric('npc_budget_spent_usd')!.get()).values[0]?.value).toBe(2);

    // Spending more that day crosses nothing again.
    await budget.restoreSpent(1.5);
    await alerts.flush();
    expect(received).toHaveLength(3);
  });

  it('never throws: an unreachable or slow webhook is logged and given up on quickly', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer(() => undefined); // accepts, never answers
    silent.on('connection', (s) => sockets.add(s));
    const slowUrl = await listen(silent);
    try {
      for (const webhookUrl of [slowUrl, 'http://127.0.0.1:1/hook']) {
        const { logger, lines } = capture();
        const alerts = new BudgetAlerts({ logger, webhookUrl, webhookTimeoutMs: 200 });
        const started = Date.now();
        await expect(alerts.notify({ day: '2025-01-01', thresholds: [0.5, 0.8], spentUsd: 1, budgetUsd: 1.2 })).resolves.toBeUndefined();
        expect(Date.now() - started).toBeLessThan(1500);
        expect(lines.filter((l) => l.event === 'budget_alert')).toHaveLength(2);
        expect(lines.filter((l) => l.event === 'budget_alert_webhook_failed')).toHaveLength(2);
      }
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a webhook answering an error status, and shares metrics between instances on one registry', async () => {
    const failing = createServer((_req, res) => res.writeHead(500).end('no'));
    const failingUrl = await listen(failing);
    try {
      const registry = new Registry();
      const { logger, lines } = capture();
      const a = new BudgetAlerts({ logger, registry, webhookUrl: failingUrl });
      const b = new BudgetAlerts({ logger, registry });
      await a.notify({ day: '2025-01-01', thresholds: [1], spentUsd: 1, budgetUsd: 1 });
      await b.notify({ day: '2025-01-01', thresholds: [1], spentUsd: 1, budgetUsd: 1 });
      expect(lines.find((l) => l.event === 'budget_alert_webhook_failed')).toMatchObject({ status: 500, threshold: 1 });
      const counter = await registry.getSingleMetric('npc_budget_alerts_total')!.get();
      expect(counter.values).toEqual([{ labels: { threshold: '1' }, value: 2 }]);
      b.observe({ spentUsd: 0.25, ratio: 0.25 });
      expect((await registry.getSingleMetric('npc_budget_spent_ratio')!.get()).values[0]?.value).toBe(0.25);
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });

  it('parses its env variable', () => {
    expect(BudgetAlertEnv.parse({})).toEqual({});
    expect(BudgetAlertEnv.parse({ BUDGET_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/x' })).toEqual({ BUDGET_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/x' });
    expect(() => BudgetAlertEnv.parse({ BUDGET_ALERT_WEBHOOK_URL: 'not a url' })).toThrow();
  });
});
