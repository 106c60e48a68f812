import { expect } from 'vitest';
import { GatewayEnv, WorkerEnv, createLogger, loadConfig } from '@npc/config';
import type { ApiKeyScope } from '@npc/contracts';
import { createRepositories, createTestDatabase, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv, startApp, type AppProcess } from '@npc/testing';
import { startRulesWorker, type RunningRulesWorker } from '@npc/worker-rules';
import { startGateway, type RunningGateway } from './gateway';

export interface Stack {
  url: string;
  prefix: string;
  schema: string;
  gateway: RunningGateway;
  db: TestDatabase;
  repos: ReturnType<typeof createRepositories>;
  keys: { game: string; admin: string };
  /** In-process rules worker, when started with `worker: 'in-process'`. */
  worker?: RunningRulesWorker;
  /** Env for extra worker processes on this stack's prefix and schema. */
  workerEnv: Record<string, string>;
  createKey(scope: ApiKeyScope, rateLimitPerMin?: number): Promise<string>;
  spawnWorker(env?: Record<string, string>): Promise<AppProcess>;
  close(): Promise<void>;
}

const silent = createLogger('test', 'silent');

/** A gateway (in-process, real Redis + PostgreSQL, own prefix and schema) and optionally a worker. */
export async function startStack(opts: { worker?: 'in-process' | 'none'; env?: Record<string, string> } = {}): Promise<Stack> {
  const db = await createTestDatabase();
  // A test may choose the prefix (to prepare Redis before the gateway starts); it is cleaned up all the same.
  const QUEUE_PREFIX = opts.env?.QUEUE_PREFIX ?? isolatedEnv().QUEUE_PREFIX;
  // Every test client is 127.0.0.1: the per-address limit on failed authentications (60/min by
  // default) would let one test's bad-key cases lock out its later requests. abuse.test.ts tests it.
  const env = { QUEUE_PREFIX, DATABASE_SCHEMA: db.schema, PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0', AUTH_FAILURES_PER_IP_PER_MIN: '0', ...opts.env };
  const gateway = await startGateway(loadConfig(GatewayEnv, { ...process.env, ...env }), silent);
  const worker = opts.worker === 'none' ? undefined : startRulesWorker(loadConfig(WorkerEnv, { ...process.env, ...env }), silent);
  if (worker) await Promise.all(worker.workers.map((w) => w.waitUntilReady()));
  const repos = createRepositories(db.database.db);
  const createKey = async (scope: ApiKeyScope, rateLimitPerMin = 1_000_000) =>
    (await repos.apiKeys.create({ name: `test-${scope}`, scope, rateLimitPerMin })).key;
  const spawned: AppProcess[] = [];
  const workerEnv = { QUEUE_PREFIX, DATABASE_SCHEMA: db.schema, LOG_LEVEL: 'info', ...Object.fromEntries(Object.entries(opts.env ?? {}).filter(([k]) => k === 'DECISION_SHARDS' || k === 'RULES_QUEUE_SHARDS')) };
  return {
    url: gateway.url,
    prefix: QUEUE_PREFIX,
    schema: db.schema,
    gateway,
    db,
    repos,
    keys: { game: await createKey('game'), admin: await createKey('admin') },
    worker,
    workerEnv,
    createKey,
    async spawnWorker(extra = {}) {
      const p = startApp('worker-rules', { ...workerEnv, ...extra });
      spawned.push(p);
      await p.waitFor(/rules worker ready/);
      return p;
    },
    async close() {
      await Promise.all(spawned.map((p) => p.stop('SIGKILL')));
      await worker?.close();
      await gateway.close();
      await db.drop();
      await deleteRedisPrefix(QUEUE_PREFIX);
    },
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON request against the stack. `key: null` sends no Authorization header. */
export async function http<T = any>(url: string, method: string, path: string, opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(path, url), { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (e.g. /metrics)
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/**
 * Waits until each of these decisions is in PostgreSQL (the decision log writes them a moment after
 * the reply, up to LOG_LINGER_MS later). By id, never by the table's total, which may still be
 * growing with an earlier test's decisions.
 */
export const allStored = (s: Pick<Stack, 'repos'>, ids: readonly string[], timeoutMs = 30_000) =>
  expect.poll(async () => (await Promise.all(ids.map((id) => s.repos.decisions.exists(id)))).filter(Boolean).length, { timeout: timeoutMs, interval: 200 }).toBe(ids.length);

export const decisionBody = (npcId: string, over: Record<string, unknown> = {}) => ({
  npc: { id: npcId },
  player: { id: 'p1', name: 'Aria', level: 12 },
  event: { type: 'talk', text: 'warp me to geffen please' },
  allowedActions: ['warp', 'talk'],
  ...over,
});
