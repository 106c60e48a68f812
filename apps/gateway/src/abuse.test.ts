import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayEnv, createLogger, loadConfig } from '@npc/config';
import { Decision } from '@npc/contracts';
import { randomBase62 } from '@npc/persistence';
import { startGateway, type RunningGateway } from './gateway';
import { KAFRA } from '@npc/testing';
import { decisionBody, http, startStack, type Stack } from './test-harness';
import { ask, startLlmStack, type LlmStack } from './test-llm-stack';

/** One HTTP client bound to a loopback source address (127.0.0.0/8 is all ours): a distinct caller IP. */
function clientFrom(ip: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 2, localAddress: ip });
  const send = (url: string, method: string, path: string, key: string, body?: unknown) =>
    new Promise<number>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(new URL(path, url), {
        method, agent,
        headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { send, close: () => agent.destroy() };
}

const bogusKey = (i: number) => (i % 5 === 0 ? randomBytes(24).toString('base64url') : `npk_${randomBase62(10)}_${randomBase62(40)}`);

describe('abuse limits: bad keys never reach PostgreSQL per request; limits are shared', () => {
  let s: Stack;
  let apiKeyQueries = 0;
  beforeAll(async () => {
    s = await startStack({ env: { AUTH_FAILURES_PER_IP_PER_MIN: '60' } });
    s.gateway.deps.database.onQuery((sql) => {
      if (sql.includes('"api_keys"')) apiKeyQueries++;
    });
    expect((await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA })).status).toBe(201);
  });
  afterAll(async () => s?.close());

  it('10,000 requests with random bogus keys from 200 addresses: no PostgreSQL query per request; a valid key answered and stored meanwhile', async () => {
    // The valid key is known before the flood (as on a running gateway).
    expect((await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1') })).status).toBe(200);
    const before = { queries: apiKeyQueries, ...s.gateway.deps.authenticator.stats };
    const addresses = Array.from({ length: 200 }, (_, i) => `127.0.${1 + Math.floor(i / 200)}.${2 + (i % 200)}`);
    const clients = addresses.map(clientFrom);
    const statuses: Record<number, number> = {};
    const t0 = Date.now();
    const flood = Promise.all(clients.map(async (c, a) => {
      for (let i = 0; i < 50; i++) {
        const status = await c.send(s.url, 'POST', '/v1/decisions', bogusKey(a * 50 + i), decisionBody('kafra1'));
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }));
    // Meanwhile the game server's key keeps deciding.
    const valid: string[] = [];
    const good = (async () => {
      for (let i = 0; i < 40; i++) {
        const r = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', { player: { id: `flood-p${i}`, name: 'Aria' } }) });
        expect(r.status).toBe(200);
        valid.push(r.body.decisionId);
      }
    })();
    await Promise.all([flood, good]);
    const ms = Date.now() - t0;
    clients.forEach((c) => c.close());
    const stats = s.gateway.deps.authenticator.stats;
    const queries = apiKeyQueries - before.queries;
    console.log(`bogus keys: 10,000 requests from 200 addresses in ${ms} ms → ${JSON.stringify(statuses)}; ${queries} api_keys queries in all (${stats.idReads - before.idReads} reads of the key ids, ${stats.lookups - before.lookups} hash lookups); 40/40 valid decisions answered`);
    expect(statuses[401]).toBe(10_000);
    expect(stats.lookups - before.lookups).toBe(0);
    // At most one read of the key ids per 200 ms (API_KEY_ID_REFRESH_MS), whatever the number of bad keys.
    expect(queries).toBe(stats.idReads - before.idReads);
    expect(queries).toBeLessThanOrEqual(Math.ceil(ms / 200) + 1);
    for (const id of valid) await expect.poll(() => s.repos.decisions.get(id), { timeout: 10_000 }).not.toBeNull();
  });

  it('one address guessing secrets of a real key id: 60 failed authentications, then 429 before any lookup; other addresses unaffected', async () => {
    const id = s.keys.game.split('_')[1]!;
    const c = clientFrom('127.0.9.9');
    const before = s.gateway.deps.authenticator.stats.lookups;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push(await c.send(s.url, 'GET', '/v1/npcs/kafra1', `npk_${id}_${randomBase62(40)}`));
    // The valid key from that address is refused too, for the minute: the address is the limit's unit.
    const blocked = await c.send(s.url, 'GET', '/v1/npcs/kafra1', s.keys.game);
    c.close();
    const lookups = s.gateway.deps.authenticator.stats.lookups - before;
    const count = (code: number) => statuses.filter((x) => x === code).length;
    console.log(`secret guessing from one address: 200 tries → ${count(401)} × 401 (${lookups} hash lookups), ${count(429)} × 429 before authentication`);
    expect(count(401)).toBe(60);
    expect(count(429)).toBe(140);
    expect(lookups).toBe(60);
    expect(blocked).toBe(429);
    expect((await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1') })).status).toBe(200);
  });

  it("two gateways on one Redis share one key's limit (N gateways never allow N× the limit)", async () => {
    const other: RunningGateway = await startGateway(
      loadConfig(GatewayEnv, { ...process.env, QUEUE_PREFIX: s.prefix, DATABASE_SCHEMA: s.schema, PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0' }),
      createLogger('test', 'silent'),
    );
    try {
      const key = await s.createKey('game', 40);
      const statuses: Record<string, number[]> = { a: [], b: [] };
      for (let i = 0; i < 100; i++) {
        const [name, url] = i % 2 === 0 ? ['a', s.url] : ['b', other.url];
        statuses[name]!.push((await http(url, 'GET', '/v1/npcs/kafra1', { key })).status);
      }
      const ok = [...statuses.a!, ...statuses.b!].filter((x) => x === 200).length;
      console.log(`shared key limit: 40/min over 2 gateways, 100 requests alternating → ${ok} answered (a: ${statuses.a!.filter((x) => x === 200).length}, b: ${statuses.b!.filter((x) => x === 200).length}), ${100 - ok} × 429`);
      expect(ok).toBe(40);
      expect([...statuses.a!, ...statuses.b!].filter((x) => x === 429)).toHaveLength(60);
      // Another key is not affected, on either gateway.
      expect((await http(other.url, 'GET', '/v1/npcs/kafra1', { key: s.keys.game })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('daily LLM quotas: no key or player drains the budget; over quota the rules answer', () => {
  let st: LlmStack;
  beforeAll(async () => {
    st = await startLlmStack({ LLM_QUOTA_PER_PLAYER_PER_DAY: '3', LLM_QUOTA_PER_KEY_PER_DAY: '8', LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0' });
  });
  afterAll(async () => st?.close());

  it('a player past 3 LLM decisions a day gets rules (200, never an error); the key stops at 8; another key still gets the LLM', async () => {
    const sources = async (playerId: string, n: number, key?: string) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await ask(st, `tell me the legend number ${i} of ${playerId}`, { player: { id: playerId, name: 'Aria' } }, key);
        expect(r.status).toBe(200);
        out.push(Decision.parse(r.body).source);
      }
      return out;
    };
    const alice = await sources('alice', 5);
    const bob = await sources('bob', 5);
    const carol = await sources('carol', 3); // the key reaches 8 at carol's second
    const otherKey = await st.s.createKey('game');
    const dave = await sources('dave', 2, otherKey);
    console.log(`LLM quotas (3/player, 8/key a day): alice ${alice.join(',')}; bob ${bob.join(',')}; carol ${carol.join(',')}; dave (another key) ${dave.join(',')}`);
    expect(alice).toEqual(['llm', 'llm', 'llm', 'rules', 'rules']);
    expect(bob).toEqual(['llm', 'llm', 'llm', 'rules', 'rules']);
    expect(carol).toEqual(['llm', 'llm', 'rules']);
    expect(dave).toEqual(['llm', 'llm']);
    // 3 + 3 + 2 + 2 provider calls: none for a decision over quota.
    expect(st.primary.calls().length).toBe(10);
  });
});
