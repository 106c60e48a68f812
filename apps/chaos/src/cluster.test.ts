import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionKeys, keyPatterns, type DecisionKeys } from '@npc/contracts';
import { createRepositories, createTestDatabase, type TestDatabase } from '@npc/persistence';
import { KAFRA, startApp, type AppProcess } from '@npc/testing';
import { freePort, until } from './infra';
import { RedisClusterFixture } from './redis-cluster';
import { putNpc } from './stack';

/**
 * Issue 8: a real 3-master Redis Cluster on loopback, 2 gateways and 2 rules workers (separate
 * processes, REDIS_CLUSTER_NODES set: every connection is an ioredis Cluster), 2,000 decisions
 * spread over both gateways; then one gateway is SIGKILLed mid-run and exactly its in-flight
 * requests are retried, same requestId, at the other gateway.
 *
 * Issue 15: with DECISION_SHARDS=8 (CLUSTER_DECISION_SHARDS overrides) the per-decision keys are
 * spread over 8 hashtags, each queue has its own and the rules queue is 3 (RULES_QUEUE_SHARDS):
 * the commands and the sharded keys land on all three masters, none with more than half.
 */

const PREFIX = `{npc-cl-${Math.random().toString(36).slice(2, 8)}}`;
const SHARDS = Number(process.env.CLUSTER_DECISION_SHARDS ?? 8);
const TOTAL = 2000;
const CONCURRENCY = 32;

interface Result {
  requestId: string;
  gateway: number;
  status: number;
  decisionId?: string;
  error?: string;
}

let cluster: RedisClusterFixture | undefined;
let test: TestDatabase | undefined;
let key = '';
let apiKeyId = '';
const procs: AppProcess[] = [];
const gateways: { url: string; proc: AppProcess }[] = [];

const body = (requestId: string, i: number) => ({
  requestId,
  npc: { id: i % 2 ? 'merchant' : 'kafra' },
  player: { id: `p-${requestId}`, name: `Player${i % 500}`, level: 1 + (i % 99) },
  event: { type: 'talk', text: i % 2 ? 'wtb 3 red pots' : 'warp me to geffen pls' },
  allowedActions: i % 2 ? ['buy', 'talk', 'open_shop'] : ['warp', 'talk'],
  deadlineMs: 3000,
});

async function post(gateway: number, requestId: string, i: number): Promise<Result> {
  try {
    const res = await fetch(`${gateways[gateway]!.url}/v1/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body(requestId, i)),
      signal: AbortSignal.timeout(10_000),
    });
    const j = (await res.json().catch(() => ({}))) as { decisionId?: string };
    return { requestId, gateway, status: res.status, ...(j.decisionId ? { decisionId: j.decisionId } : {}) };
  } catch (err) {
    return { requestId, gateway, status: 0, error: String((err as Error).cause ?? err) };
  }
}

/** PostgreSQL's decisions for these request ids: request id → decision ids (and player ids). */
async function storedByRequest(requestIds: string[]): Promise<Map<string, { ids: string[]; players: string[] }>> {
  const r = await test!.database.pool.query<{ request_id: string; id: string; player_id: string }>(
    `select request_id, id::text as id, player_id from ${test!.schema}.decisions where request_id = any($1::text[])`, [requestIds],
  );
  const out = new Map<string, { ids: string[]; players: string[] }>();
  for (const row of r.rows) {
    const e = out.get(row.request_id) ?? { ids: [], players: [] };
    e.ids.push(row.id);
    e.players.push(row.player_id);
    out.set(row.request_id, e);
  }
  return out;
}

/** A Cluster client of the fixture's nodes, ready. */
async function probeCluster(): Promise<Cluster> {
  const probe = new Cluster(cluster!.ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { password: cluster!.password } });
  await new Promise((r) => probe.once('ready', r));
  return probe;
}

/** Per master (port): the keys of the prefix and its derived hashtags, and the commands it has run so far (INFO commandstats). */
async function perMaster(): Promise<Record<number, { keys: number; commands: number; tags: Record<string, number>; calls: Record<string, number> }>> {
  const probe = await probeCluster();
  const out: Record<number, { keys: number; commands: number; tags: Record<string, number>; calls: Record<string, number> }> = {};
  try {
    for (const node of probe.nodes('master')) {
      let keys = 0;
      const tags: Record<string, number> = {};
      for (const pattern of keyPatterns(PREFIX)) {
        let cursor = '0';
        do {
          const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 10_000);
          cursor = next;
          keys += found.length;
          for (const k of found) {
            const tag = k.slice(0, k.indexOf('}') + 1).replace(PREFIX.slice(0, -1), '').replace(/^:dlg:.*\}$/, ':dlg:*}');
            tags[tag] = (tags[tag] ?? 0) + 1;
          }
        } while (cursor !== '0');
      }
      const stats = await node.info('commandstats');
      let commands = 0;
      const calls: Record<string, number> = {};
      for (const m of stats.matchAll(/^cmdstat_(\w+(?:\|\w+)?):calls=(\d+)/gm)) {
        if (/^(info|scan|cluster|ping|command|client)/.test(m[1]!)) continue;
        commands += Number(m[2]);
        calls[m[1]!] = Number(m[2]);
      }
      out[node.options.port!] = { keys, commands, tags, calls };
    }
  } finally {
    probe.disconnect();
  }
  return out;
}

/** The 8 commands called most between two INFO commandstats samples of a node. */
const topCalls = (from: Record<string, number>, to: Record<string, number>) =>
  Object.fromEntries(Object.entries(to).map(([c, n]): [string, number] => [c, n - (from[c] ?? 0)]).sort((a, b) => b[1] - a[1]).slice(0, 8));

const share = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (total ? n / total : 0));
};

beforeAll(async () => {
  const t0 = Date.now();
  [cluster, test] = await Promise.all([RedisClusterFixture.start(3), createTestDatabase({ poolSize: 2 })]);
  const created = await createRepositories(test.database.db).apiKeys.create({ name: 'cluster', scope: 'admin', rateLimitPerMin: 100_000_000 });
  key = created.key;
  apiKeyId = created.principal.id;
  const env = {
    REDIS_CLUSTER_NODES: cluster.nodes,
    REDIS_URL: cluster.credentialsUrl, // never connected to while the cluster nodes are set: it lends the nodes' password
    QUEUE_PREFIX: PREFIX,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    DATABASE_SCHEMA: test.schema,
    DATABASE_POOL_SIZE: '4',
    LOG_LEVEL: 'info',
    LLM_ROUTE: 'off',
    INFERENCE_ROUTE: 'off',
    WORKER_CONCURRENCY: '32',
    DECISION_SHARDS: String(SHARDS),
    // The rules queue once per master: its BullMQ scripts are most of the commands of a decision.
    RULES_QUEUE_SHARDS: String(SHARDS > 1 ? 3 : 1),
  };
  for (let g = 0; g < 2; g++) {
    const port = await freePort();
    const proc = startApp('gateway', { ...env, PORT: String(port), INSTANCE_ID: `cluster-gw-${g + 1}-${process.pid}` });
    procs.push(proc);
    gateways.push({ url: `http://127.0.0.1:${port}`, proc });
  }
  for (let w = 0; w < 2; w++) procs.push(startApp('worker-rules', env));
  await Promise.all([
    ...gateways.map((g) => g.proc.waitFor(/gateway listening/, 45_000)),
    ...procs.slice(2).map((p) => p.waitFor(/rules worker ready/, 45_000)),
  ]);
  await putNpc(gateways[0]!.url, key, 'kafra', KAFRA);
  await putNpc(gateways[1]!.url, key, 'merchant', { name: 'Tool Dealer', role: 'merchant', services: { shop: [{ item: 'Red Potion', price: 50 }] } });
  console.log(`cluster test: 3 masters on ${cluster.nodes}, 2 gateways + 2 rules workers up in ${Date.now() - t0} ms`);
}, 90_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGKILL')));
  await cluster?.close();
  await test?.drop();
});

describe('Redis Cluster: 3 masters, 2 gateways, 2 rules workers', () => {
  it(`${TOTAL} decisions over both gateways: all answered, each to its requester, all stored, 0 lost`, async () => {
    const results: Result[] = [];
    let next = 0;
    const before = await perMaster();
    const commandsBefore = Object.fromEntries(Object.entries(before).map(([p, v]) => [p, v.commands]));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < TOTAL; i = next++) results.push(await post(i % 2, `a-${i}`, i));
    }));
    const seconds = (performance.now() - t0) / 1000;
    const ok = results.filter((r) => r.status === 200 && r.decisionId);
    const ids = new Set(ok.map((r) => r.decisionId));
    const requestIds = results.map((r) => r.requestId);
    let stored = new Map<string, { ids: string[]; players: string[] }>();
    await until(async () => (stored = await storedByRequest(requestIds)).size >= TOTAL, 30_000, 250);
    // Each reply went to its own requester: the decision it carries is the one PostgreSQL holds for
    // that requestId, made for that player.
    const mismatched = ok.filter((r) => {
      const s = stored.get(r.requestId);
      return !s || s.ids.length !== 1 || s.ids[0] !== r.decisionId || s.players[0] !== `p-${r.requestId}`;
    });
    const perGateway = [0, 1].map((g) => ok.filter((r) => r.gateway === g).length);
    // Where the keys (after the run) and the commands (during it) went, per master.
    const after = await perMaster();
    const ports = Object.keys(after).map(Number);
    const keyShare = share(ports.map((p) => after[p]!.keys));
    // The keys of the sharded layout alone: decision shards, queues, dialogue states, not the
    // prefix's own tag (the agent's memories per NPC and player and the rest: one tag, one master).
    const shardedKeyShare = share(ports.map((p) => after[p]!.keys - (after[p]!.tags['}'] ?? 0)));
    const commandShare = share(ports.map((p) => after[p]!.commands - (commandsBefore[p] ?? 0)));
    const pct = (xs: number[]) => ports.map((p, i) => `${p}: ${(xs[i]! * 100).toFixed(1)} %`).join(', ');
    console.log(
      `cluster run: sent ${TOTAL}, answered ${ok.length} (gateway 1: ${perGateway[0]}, gateway 2: ${perGateway[1]}) in ${seconds.toFixed(1)} s = ${(TOTAL / seconds).toFixed(0)}/s at ${CONCURRENCY} in flight; ` +
      `distinct decisions ${ids.size}; stored ${stored.size}; replies to the wrong requester ${mismatched.length}; lost ${TOTAL - stored.size}; ` +
      `DECISION_SHARDS=${SHARDS}: share of commands per master {${pct(commandShare)}}; share of keys per master {${pct(keyShare)}} ` +
      `(${ports.map((p) => after[p]!.keys).join(' / ')} keys), of the decision shards' and queues' keys alone {${pct(shardedKeyShare)}}; keys per hashtag per master ${JSON.stringify(Object.fromEntries(ports.map((p) => [p, after[p]!.tags])))}; ` +
      `top commands per master ${JSON.stringify(Object.fromEntries(ports.map((p) => [p, topCalls(before[p]?.calls ?? {}, after[p]!.calls)])))}`,
    );
    expect(ok.length).toBe(TOTAL);
    expect(ids.size).toBe(TOTAL);
    expect(perGateway[0]).toBe(TOTAL / 2);
    expect(mismatched).toEqual([]);
    expect(stored.size).toBe(TOTAL);
    if (SHARDS > 1) {
      // Spread: every master runs commands of the run and holds keys of it; none runs more than
      // half of the commands or holds more than half of the sharded keys. (All keys: the agent's
      // memories per NPC and player stay on the prefix's own tag, one master: printed, not bounded.)
      for (const x of [...commandShare, ...shardedKeyShare]) expect(x).toBeGreaterThan(0);
      for (const x of [...commandShare, ...shardedKeyShare]) expect(x).toBeLessThanOrEqual(0.5);
    }
  }, 90_000);

  it('one gateway SIGKILLed mid-run: only its in-flight requests fail; retried at the other gateway, one decision each', async () => {
    const PER_GATEWAY = 600;
    const results: Result[] = [];
    let killed = false;
    let answeredByB = 0;
    let kill: Promise<void> | undefined;
    // The workers are stopped (SIGSTOP) for 300 ms before the kill, so the second gateway surely
    // holds requests waiting for their decisions when it dies: on a loaded box its answers could
    // otherwise all be written already, sitting unread in this process's sockets.
    const killSecondGateway = async () => {
      const workers = procs.slice(2);
      for (const w of workers) w.child.kill('SIGSTOP');
      try {
        await new Promise((r) => setTimeout(r, 300));
        killed = true;
        gateways[1]!.proc.child.kill('SIGKILL');
      } finally {
        for (const w of workers) w.child.kill('SIGCONT');
      }
    };
    const lane = async (g: number, start: number, step: number, lanes: number) => {
      for (let i = start; i < PER_GATEWAY; i += step * lanes) {
        if (g === 1 && killed) return; // the load balancer takes a dead gateway out: nothing new is sent to it
        const r = await post(g, `b-${g}-${i}`, i);
        results.push(r);
        if (g === 1 && r.status === 200 && ++answeredByB === 150) kill = killSecondGateway();
      }
    };
    const lanes = 24;
    await Promise.all([0, 1].flatMap((g) => Array.from({ length: lanes }, (_, l) => lane(g, l, 1, lanes))));
    await kill;
    expect(killed).toBe(true);
    const failedA = results.filter((r) => r.gateway === 0 && r.status !== 200);
    const failedB = results.filter((r) => r.gateway === 1 && r.status !== 200);
    // What the dead gateway left of each: a claimed requestId, and maybe a decision already made.
    const keys: DecisionKeys = decisionKeys(PREFIX, SHARDS);
    const before = new Cluster(cluster!.ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { password: cluster!.password } });
    const left = { decided: 0, claimedOnly: 0, unseen: 0 };
    const madeBefore = new Map<string, string>();
    try {
      for (const r of failedB) {
        const id = await before.get(keys.idempotency(apiKeyId, r.requestId));
        if (!id) left.unseen++;
        else if (await before.exists(keys.decision(id))) {
          left.decided++;
          madeBefore.set(r.requestId, id);
        } else left.claimedOnly++;
      }
    } finally {
      before.disconnect();
    }
    // Retry exactly the failed ones at the surviving gateway, same requestId (same API key).
    const retried = await Promise.all(failedB.map((r) => post(0, r.requestId, Number(r.requestId.split('-')[2]))));
    const all = results.filter((r) => r.status === 200).concat(retried.filter((r) => r.status === 200));
    const requestIds = results.map((r) => r.requestId);
    // A dead gateway's log-writer entries are claimed by the other after 30 s idle: wait for them.
    let stored = new Map<string, { ids: string[]; players: string[] }>();
    await until(async () => (stored = await storedByRequest(requestIds)).size >= requestIds.length, 50_000, 500);
    const twice = [...stored.entries()].filter(([, s]) => s.ids.length > 1);
    const retryMismatch = retried.filter((r) => stored.get(r.requestId)?.ids[0] !== r.decisionId);
    // The idempotency key (requestId → decisionId) holds the decision the retry got.
    const probe = new Cluster(cluster!.ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { password: cluster!.password } });
    let idemMismatch = 0;
    try {
      for (const r of retried) if ((await probe.get(keys.idempotency(apiKeyId, r.requestId))) !== r.decisionId) idemMismatch++;
    } finally {
      probe.disconnect();
    }
    console.log(
      `gateway kill: sent ${results.length} (gateway 1: ${results.filter((r) => r.gateway === 0).length}, gateway 2: ${results.filter((r) => r.gateway === 1).length}); ` +
      `failed at gateway 1: ${failedA.length}; failed at gateway 2 (in flight when killed): ${failedB.length} [${[...new Set(failedB.map((r) => r.error?.slice(0, 40)))].join('; ')}]; ` +
      `left by the dead gateway: ${left.decided} decided, ${left.claimedOnly} claimed but undecided, ${left.unseen} never claimed; ` +
      `retried at gateway 1: ${retried.filter((r) => r.status === 200).length}/${retried.length} answered (${retried.filter((r) => madeBefore.get(r.requestId) === r.decisionId).length} with the decision made before the kill); ` +
      `requestIds with 2+ decisions: ${twice.length}; retries answered with another decision than the stored one: ${retryMismatch.length}; ` +
      `idempotency keys not holding the retry's decision: ${idemMismatch}; stored ${stored.size}/${requestIds.length}; lost ${requestIds.length - stored.size}`,
    );
    expect(failedA).toEqual([]);
    expect(failedB.length).toBeGreaterThan(0);
    expect(failedB.length).toBeLessThanOrEqual(lanes);
    expect(retried.every((r) => r.status === 200)).toBe(true);
    expect(twice).toEqual([]);
    expect(retryMismatch).toEqual([]);
    for (const [requestId, id] of madeBefore) expect(retried.find((r) => r.requestId === requestId)?.decisionId).toBe(id);
    expect(idemMismatch).toBe(0);
    expect(stored.size).toBe(requestIds.length);
    expect(new Set(all.map((r) => r.decisionId)).size).toBe(requestIds.length);
  }, 120_000);
});
