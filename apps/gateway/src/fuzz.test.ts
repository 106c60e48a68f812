import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFRA, MERCHANT, deleteRedisPrefix, isolatedEnv, startApp } from '@npc/testing';
import { queuePrefix } from '@npc/contracts';
import { decisionBody, http, startStack, type Stack } from './test-harness';

/**
 * Property-based fuzzing of every route the gateway serves (as registered, so a route added later
 * is fuzzed too): random and mutated JSON bodies, invalid and hostile ids, wrong
 * content types, huge numbers, unicode, deep nesting, bad keys. Properties: never a 5xx, every 400
 * names its field, every error of our API has the contract's shape.
 * (Over 300 lines on purpose: the arbitraries and the probe belong to this one test.)
 */

let s: Stack;
let app: FastifyInstance;
let decisionId: string;
beforeAll(async () => {
  s = await startStack({ env: { BODY_LIMIT_BYTES: '16384' } });
  app = s.gateway.app;
  await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
  await http(s.url, 'PUT', '/v1/npcs/merchant1', { key: s.keys.admin, body: MERCHANT });
  decisionId = (await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1') })).body.decisionId;
});
afterAll(async () => s?.close());

interface Route {
  path: string;
  methods: string[];
}

/** The routes the gateway registered (`servedRoutes`, the list /openapi.json is checked against), methods grouped by path. */
function routesOf(app: FastifyInstance): Route[] {
  const byPath = new Map<string, string[]>();
  for (const r of app.servedRoutes) byPath.set(r.url, [...(byPath.get(r.url) ?? []), r.method]);
  return [...byPath].map(([path, methods]) => ({ path, methods }));
}

const BULL = '/admin/queues';
const isBull = (path: string) => path.startsWith(BULL);

// --- arbitraries ----------------------------------------------------------------------------

const hugeNumbers = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, 1e-320, 0.1 + 0.2, -0);
const nasty = fc.constantFrom(
  '', ' ', '\u0000', '\u202e\u0041dmin', '👾🐉', 'Ｐｒｏｎｔｅｒａ', 'e\u0301', '\ud83d', '<script>alert(1)</script>', "'; drop table decisions; --",
  '../../etc/passwd', '%00', '{{7*7}}', '${jndi:ldap://x}', 'null', 'undefined', '__proto__', 'constructor', 'x'.repeat(600), 'ß'.repeat(300),
);
const deep = fc.integer({ min: 1, max: 3000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  hugeNumbers,
  nasty,
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  deep,
  fc.constant({ __proto__: { admin: true }, constructor: { prototype: { polluted: true } } }),
  fc.array(fc.jsonValue(), { maxLength: 60 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 40 }),
);

/** A valid body for routes that take one (mutated below); others get junk only. */
function template(method: string, path: string): Record<string, unknown> | undefined {
  if (method === 'POST' && path === '/v1/decisions') return decisionBody('kafra1', { deadlineMs: 500 });
  if (method === 'POST' && path.endsWith('/feedback')) return { rating: 1, outcome: 'fine' };
  if (method === 'PUT' && path === '/v1/npcs/:id') return { ...KAFRA };
  if (method === 'POST' && path === '/v1/events') return { type: 'festival', text: 'A festival in Prontera', map: 'prontera', ttlS: 600 };
  return undefined;
}

/** Every key path of a JSON object (for mutations). */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}

function mutate(base: Record<string, unknown>, at: string[], value: unknown, remove: boolean): unknown {
  if (at.length === 0) return value;
  const copy: any = structuredClone(base);
  let cur = copy;
  for (const k of at.slice(0, -1)) cur = cur[k];
  const last = at[at.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
  return copy;
}

const bodyFor = (method: string, path: string): fc.Arbitrary<{ raw: string | undefined; kind: string }> => {
  const t = template(method, path);
  const options: fc.Arbitrary<{ raw: string | undefined; kind: string }>[] = [
    junk.map((j) => ({ raw: JSON.stringify(j) ?? 'null', kind: 'random json' })),
    fc.string({ unit: 'grapheme', maxLength: 200 }).map((x) => ({ raw: x, kind: 'not json' })),
    fc.constant({ raw: undefined, kind: 'no body' }),
    fc.constantFrom('{', '{"a":', '[1,2', '{"npc":{"id":"kafra1"}}}', '\ufeff{}', 'nul', '"\\ud800"', '{"a":1e99999}').map((x) => ({ raw: x, kind: 'broken json' })),
    fc.integer({ min: 16_385, max: 40_000 }).map((n) => ({ raw: JSON.stringify({ pad: 'x'.repeat(n) }), kind: 'too large' })),
  ];
  if (t) {
    const all = paths(t).filter((p) => p.length > 0);
    options.push(
      fc.record({ at: fc.constantFrom(...all), value: junk, remove: fc.boolean() }).map(({ at, value, remove }) => ({ raw: JSON.stringify(mutate(t, at, value, remove)), kind: 'mutated' })),
      fc.constant({ raw: JSON.stringify(t), kind: 'valid' }),
    );
  }
  return fc.oneof(...options);
};

const idFor = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('kafra1', 'merchant1', 'rules', 'llm', 'waiting', 'failed', 'completed'),
    fc.uuid(),
    fc.constant('DECISION'),
    nasty,
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ minLength: 200, maxLength: 300 }),
  ).map((v) => (v === 'DECISION' ? decisionId : v));

/** Mostly valid keys, so most inputs get past authentication to the validation under test. */
const keyFor = fc.oneof(
  { arbitrary: fc.constant('admin'), weight: 4 },
  { arbitrary: fc.constant('game'), weight: 4 },
  { arbitrary: fc.constantFrom('none', 'garbage', 'basic-admin', 'basic-game', 'bearer-empty', 'wrong-scheme'), weight: 3 },
);
const contentTypes = fc.constantFrom(
  'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/vnd.api+json', '*/*', 'NONE',
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?day=2026-01-01', '?day=not-a-day', '?day=9999-99-99', '?limit=1e308', '?a[b][c]=1', '?__proto__[x]=1'),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }).map((d) => `?${new URLSearchParams(d)}`),
);

function authHeader(kind: string): string | undefined {
  const b = (k: string) => `Basic ${Buffer.from(`u:${k}`).toString('base64')}`;
  switch (kind) {
    case 'admin': return `Bearer ${s.keys.admin}`;
    case 'game': return `Bearer ${s.keys.game}`;
    case 'garbage': return `Bearer npk_${'A'.repeat(10)}_${'b'.repeat(40)}`;
    case 'basic-admin': return b(s.keys.admin);
    case 'basic-game': return b(s.keys.game);
    case 'bearer-empty': return 'Bearer ';
    case 'wrong-scheme': return `Token ${s.keys.admin}`;
    default: return undefined;
  }
}

/** Percent-encoded; a lone surrogate becomes invalid UTF-8 on the wire (%ED%A0%BD), a fuzz input in itself. */
function encodeId(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return `%ED%A0%BD${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`;
  }
}

const SAFE = new Set(['GET', 'HEAD']);
/** Every decision the fuzzing got a 2xx for: each must end up stored in PostgreSQL. */
const decided = new Set<string>();
let tried = 0;
const statuses = new Map<number, number>();
const failures: string[] = [];

async function probe(method: string, url: string, headers: Record<string, string>, raw: string | undefined, what: string): Promise<void> {
  tried++;
  const res = await app.inject({ method: method as 'GET', url, headers, ...(raw !== undefined ? { payload: raw } : {}) });
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const fail = (why: string): void => void failures.push(`${why}: ${method} ${url.slice(0, 120)} [${what}] → ${res.statusCode} ${res.body.slice(0, 200)}`);
  if (res.statusCode >= 500) return fail('5xx');
  const path = url.split('?')[0]!;
  if (method === 'POST' && path === '/v1/decisions' && (res.statusCode === 200 || res.statusCode === 202)) {
    const id = (JSON.parse(res.body) as { decisionId?: unknown }).decisionId;
    if (typeof id === 'string') decided.add(id);
  }
  if (res.statusCode >= 400 && method !== 'HEAD') {
    let body: any;
    try {
      body = JSON.parse(res.body);
    } catch {
      return fail('error is not JSON');
    }
    // bull-board's own answers (past our admin check) have its shape, not ours.
    const ours = !isBull(path) || res.statusCode === 401 || res.statusCode === 403;
    if (ours && (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string')) return fail('error without the contract shape');
    if (ours && res.statusCode === 400 && !(typeof body.error.field === 'string' && body.error.field.length > 0)) return fail('400 without error.field');
  }
}

describe('fuzzing every endpoint (fast-check)', () => {
  it('finds the routes from the router, ours and bull-board', () => {
    const routes = routesOf(app);
    const paths = routes.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/v1/decisions', '/v1/decisions/:decisionId', '/v1/decisions/:decisionId/feedback', '/v1/npcs/:id', '/v1/costs', '/v1/admin/dashboard.json', '/v1/admin/session', '/health/ready', '/metrics', '/dashboard', '/admin/queues/api/queues']));
  });

  it('random input to every route and method: never a 5xx; every 400 names its field', async () => {
    const routes = routesOf(app);
    const perRoute: string[] = [];
    for (const route of routes) {
      for (const method of route.methods) {
        if (route.path.endsWith('*')) continue; // bull-board's catch-all serves its page for any path
        const bull = isBull(route.path);
        const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
        // Changes on bull-board only go through the auth and origin checks (an admin fuzzing
        // "obliterate" would only be testing bull-board); reads are fuzzed with an admin key too.
        const keyArb = bull && !SAFE.has(method) ? fc.constantFrom('none', 'game', 'garbage', 'basic-game', 'wrong-scheme') : keyFor;
        const runs = bull ? 15 : method === 'GET' || method === 'HEAD' ? 100 : 300;
        const before = tried;
        await fc.assert(
          fc.asyncProperty(
            fc.tuple(...params.map(idFor)),
            bodyFor(method, route.path),
            keyArb,
            contentTypes,
            query,
            async (ids, body, key, ctype, q) => {
              let url = route.path;
              params.forEach((p, i) => (url = url.replace(`:${p}`, encodeId(ids[i]!))));
              const headers: Record<string, string> = {};
              const auth = authHeader(key);
              if (auth) headers.authorization = auth;
              if (body.raw !== undefined && ctype !== 'NONE') headers['content-type'] = ctype;
              if (bull && !SAFE.has(method)) headers.origin = 'https://elsewhere.example';
              await probe(method, url + q, headers, SAFE.has(method) ? undefined : body.raw, `${body.kind}, key ${key}, ${ctype}`);
              return true;
            },
          ),
          { numRuns: runs, seed: 0x6e7063 + routes.indexOf(route) },
        );
        perRoute.push(`${method} ${route.path}: ${tried - before}`);
      }
    }
    // Methods no route has, and paths no route matches.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('DELETE', 'PATCH', 'OPTIONS', 'PUT', 'POST'), fc.constantFrom('/v1/decisions/x/y/z', '/v1', '/health', '/v1/npcs', '/v2/decisions', '/%2e%2e/etc', '/metrics/../v1/costs'), async (m, p) => {
        await probe(m, p, { authorization: `Bearer ${s.keys.admin}`, 'content-type': 'application/json' }, m === 'OPTIONS' ? undefined : '{}', 'unknown route');
        return true;
      }),
      { numRuns: 60 },
    );
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`).join(' ');
    console.log(`fuzz: ${tried} inputs over ${routes.length} routes; statuses ${byStatus}; 5xx ${[...statuses.entries()].filter(([k]) => k >= 500).reduce((n, [, v]) => n + v, 0)}`);
    console.log(perRoute.join('\n'));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(tried).toBeGreaterThan(5000);
  }, 240_000);

  it('hostile but valid text in every string of a decision (and poisoned text refused): never a 5xx', async () => {
    const txt = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 60 }), nasty);
    await fc.assert(
      fc.asyncProperty(txt, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), txt, txt, async (text, name, job, ctx) => {
        const body = decisionBody('kafra1', { player: { id: 'p1', name, job: job || 'Novice' }, event: { type: 'talk', text: text.slice(0, 500) }, context: { map: ctx.slice(0, 256), note: text.slice(0, 256) }, deadlineMs: 500 });
        await probe('POST', '/v1/decisions', { authorization: `Bearer ${s.keys.game}`, 'content-type': 'application/json' }, JSON.stringify(body), 'text fields');
        return true;
      }),
      { numRuns: 200, seed: 0x6e7064 },
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(decided.size).toBeGreaterThan(100);
  }, 120_000);

  it('the stack is still healthy afterwards (no poisoned state), and every decision it answered 2xx is stored in PostgreSQL', async () => {
    expect((await http(s.url, 'GET', '/health/ready')).status).toBe(200);
    const r = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1') });
    expect(r.status).toBe(200);
    expect(r.body.action.type).toBe('warp');
    const ids = [...decided, r.body.decisionId as string];
    expect(ids.length).toBeGreaterThan(5);
    const missing = async () => {
      const rows = await s.db.database.db.selectFrom('decisions').select('id').where('id', 'in', ids).execute();
      return ids.length - rows.length;
    };
    await expect.poll(missing, { timeout: 30_000, interval: 250 }).toBe(0);
    expect(await s.repos.deadLetters.countPending()).toBe(0);
    console.log(`fuzz: ${ids.length} decisions answered 2xx, ${ids.length} stored in PostgreSQL, 0 dead letters`);
  });
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

describe('secrets and ids in the logs of real processes', () => {
  it('at LOG_LEVEL=trace, no process ever logs an API key; a failed job logs its decisionId', async () => {
    const port = await freePort();
    // Its own queue prefix: the stack's in-process worker must not take the job meant to fail here.
    const { QUEUE_PREFIX } = isolatedEnv();
    const env = { ...s.workerEnv, QUEUE_PREFIX, LOG_LEVEL: 'trace', SHUTDOWN_DRAIN_MS: '0' };
    const gw = startApp('gateway', { ...env, PORT: String(port) });
    const worker = startApp('worker-rules', env);
    try {
      await Promise.all([gw.waitFor(/gateway listening/), worker.waitFor(/rules worker ready/)]);
      const url = `http://127.0.0.1:${port}`;
      const basic = (k: string) => `Basic ${Buffer.from(`ops:${k}`).toString('base64')}`;
      const forged = `npk_${'Z'.repeat(10)}_${'q'.repeat(40)}`;
      const calls: [string, string, Record<string, string>, string?][] = [
        ['POST', '/v1/decisions', { authorization: `Bearer ${s.keys.game}` }, JSON.stringify(decisionBody('kafra1'))],
        ['POST', '/v1/decisions', { authorization: `Bearer ${s.keys.game}` }, '{"broken'],
        ['POST', '/v1/decisions', { authorization: `Bearer ${s.keys.game}` }, JSON.stringify({ ...decisionBody('kafra1'), npc: { id: s.keys.game.slice(0, 60) } })],
        ['POST', '/v1/decisions', { authorization: `Bearer ${forged}` }, '{}'],
        ['GET', '/v1/admin/dashboard.json', { authorization: `Bearer ${s.keys.game}` }],
        ['GET', '/v1/admin/dashboard.json', { authorization: `Bearer ${s.keys.admin}` }],
        ['GET', '/admin/queues/api/queues', { authorization: basic(s.keys.admin) }],
        ['GET', '/admin/queues/api/queues', { authorization: basic(s.keys.game) }],
        ['POST', '/v1/admin/session', { authorization: `Bearer ${s.keys.admin}` }],
        ['GET', '/v1/costs?day=2026-02-30', { authorization: `Bearer ${s.keys.admin}` }],
        ['GET', `/v1/decisions/${s.keys.admin}`, { authorization: `Token ${s.keys.admin}` }],
      ];
      for (const [method, path, headers, body] of calls) {
        const res = await fetch(url + path, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body } : {}) });
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        await res.arrayBuffer();
      }
      // A job that fails in the worker: its log line names the decision.
      const decisionId = randomUUID();
      const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
      const queue = new Queue('rules', { connection, prefix: queuePrefix(QUEUE_PREFIX, 'rules') });
      await queue.add('decide', { decisionId, not: 'an envelope' }, { jobId: decisionId, attempts: 1 });
      const line = await worker.waitFor(/rules job failed/, 30_000);
      await queue.close();
      connection.disconnect();
      expect(line).toContain(decisionId);
      const logs = gw.output() + worker.output();
      expect(logs.length).toBeGreaterThan(1000); // trace level: there is something to search
      for (const secret of [s.keys.game, s.keys.admin, forged]) {
        expect(logs.includes(secret)).toBe(false);
        expect(logs.includes(secret.split('_').pop()!)).toBe(false);
      }
    } finally {
      await Promise.all([gw.stop('SIGKILL'), worker.stop('SIGKILL')]);
      await deleteRedisPrefix(QUEUE_PREFIX);
    }
  });
});
