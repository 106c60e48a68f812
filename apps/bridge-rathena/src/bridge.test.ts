/**
 * The rAthena bridge against the real MariaDB of this machine (127.0.0.1:3306, root) and a real
 * gateway + rules worker, replaying exactly the SQL the example NPC scripts issue.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import mariadb, { type Pool } from 'mariadb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createLogger, loadConfig } from '@npc/config';
import { ACTION_TYPES } from '@npc/contracts';
import { REPO_ROOT, runId, startApp } from '@npc/testing';
import { http, startStack, type Stack } from '../../gateway/src/test-harness';
import { startBridge, type RunningBridge } from './bridge';
import { BridgeEnv } from './config';
import { CREATE_TABLE_SQL } from './table';
import { RATHENA_DIR, askCalls, evaluate, loadAskFunction, readScript, replayAsk, stripComments, type AskCall, type ScriptPlayer } from './test-script-sql';

const DB_HOST = process.env.TEST_MARIADB_HOST ?? '127.0.0.1';
const DB_PORT = Number(process.env.TEST_MARIADB_PORT ?? 3306);
const DB_USER = process.env.TEST_MARIADB_USER ?? 'root';
const DB_PASSWORD = process.env.TEST_MARIADB_PASSWORD ?? '';
const DB_NAME = `npc_bridge_t_${runId()}`;
const silent = createLogger('bridge-test', 'silent');
const SCRIPTS = ['kafra.txt', 'tool_dealer.txt', 'guard.txt'] as const;
const TYPED: Record<(typeof SCRIPTS)[number], string> = {
  'kafra.txt': 'warp me to geffen please',
  'tool_dealer.txt': 'how much for a red potion?',
  'guard.txt': 'where is the church?',
};
const PLAYER: ScriptPlayer = { charId: 150001, name: "Aria O'Neil", level: 42, job: 'Knight', zeny: 125_000, map: 'prontera', x: 150, y: 180 };
const fn = loadAskFunction();
const sqlFile = readFileSync(resolve(RATHENA_DIR, 'sql/npc_brain_requests.sql'), 'utf8');

let root: Pool;
let db: Pool;
let stack: Stack;
const bridges: RunningBridge[] = [];

function bridge(env: Record<string, string> = {}): RunningBridge {
  const config = loadConfig(BridgeEnv, {
    NPC_BRAIN_URL: stack.url,
    NPC_BRAIN_KEY: stack.keys.game,
    RATHENA_DB_HOST: DB_HOST,
    RATHENA_DB_PORT: String(DB_PORT),
    RATHENA_DB_USER: DB_USER,
    RATHENA_DB_PASSWORD: DB_PASSWORD,
    RATHENA_DB_NAME: DB_NAME,
    BRIDGE_CREATE_TABLE: 'false',
    ...env,
  });
  const b = startBridge(config, silent);
  bridges.push(b);
  return b;
}
async function stopBridges(): Promise<void> {
  await Promise.all(bridges.splice(0).map((b) => b.close()));
}
const row = async (id: number): Promise<Record<string, any>> => ((await db.query('SELECT * FROM npc_brain_requests WHERE id = ?', [id])) as Record<string, any>[])[0]!;
const callOf = (script: string, i = 0): AskCall => askCalls(readScript(script))[i]!;
const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => r(port));
    });
  });

beforeAll(async () => {
  root = mariadb.createPool({ host: DB_HOST, port: DB_PORT, user: DB_USER, password: DB_PASSWORD, connectionLimit: 2 });
  await root.query(`CREATE DATABASE \`${DB_NAME}\` CHARACTER SET utf8mb4`);
  db = mariadb.createPool({ host: DB_HOST, port: DB_PORT, user: DB_USER, password: DB_PASSWORD, database: DB_NAME, connectionLimit: 8, bigIntAsNumber: true, insertIdAsNumber: true });
  // What the operator runs: the SQL file from deploy/rathena/sql.
  await db.query(stripSqlComments(sqlFile));
  stack = await startStack();
  const npcs = parseYaml(readFileSync(resolve(REPO_ROOT, 'apps/cli/demo/npcs.yaml'), 'utf8')) as Array<{ id: string } & Record<string, unknown>>;
  for (const { id, ...npc } of npcs) expect((await http(stack.url, 'PUT', `/v1/npcs/${id}`, { key: stack.keys.game, body: npc })).status).toBe(201);
});

afterAll(async () => {
  await stopBridges();
  await db?.end();
  await root?.query(`DROP DATABASE IF EXISTS \`${DB_NAME}\``);
  await root?.end();
  await stack?.close();
});

function stripSqlComments(sql: string): string {
  return sql.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim().replace(/;$/, '');
}

describe('the table and the scripts', () => {
  it('deploy/rathena/sql/npc_brain_requests.sql is the statement the bridge creates', () => {
    expect(stripSqlComments(sqlFile)).toBe(CREATE_TABLE_SQL.replace(/;$/, ''));
  });

  it('F_NpcBrain_Ask issues four statements: insert, LAST_INSERT_ID, a bounded sleep2 poll, give up', () => {
    expect(fn.params).toEqual(['.@npc_id$', '.@event$', '.@text$', '.@allowed$', '.@deadline']);
    expect(fn.sleepMs).toBe(100);
    expect(fn.poll.outputs[0]).toBe('.@status$');
    expect(fn.lastId.outputs).toEqual(['.@id']);
  });

  it('the replay refuses script expressions it does not know', () => {
    expect(() => evaluate('"a" + .@unknown$', {})).toThrow(/does not know/);
  });

  it('each example NPC asks with valid actions and handles every action it allows', () => {
    for (const script of SCRIPTS) {
      const src = stripComments(readScript(script));
      const asks = askCalls(readScript(script));
      expect(asks.length).toBeGreaterThan(0);
      for (const a of asks) {
        const allowed = a.allowed.split(',');
        for (const action of allowed) {
          expect(ACTION_TYPES).toContain(action);
          if (action !== 'talk') expect(src, `${script} handles ${action}`).toContain(`== "${action}"`);
        }
        expect(a.deadline).toBeGreaterThanOrEqual(200);
      }
    }
  });

  it('the HTTP variant defines the same function and says it needs a patched server', () => {
    const http = readFileSync(resolve(RATHENA_DIR, 'npc/http/npc_brain_http.txt'), 'utf8');
    expect(http).toMatch(/function\tscript\tF_NpcBrain_Ask\t\{/);
    expect(http).toMatch(/PATCHED SERVERS ONLY/);
  });
});

describe('replaying the example scripts against a real gateway', () => {
  let b: RunningBridge;
  beforeAll(async () => {
    b = bridge();
    await b.ready;
  });
  afterAll(stopBridges);

  for (const script of SCRIPTS) {
    it(`${script}: every F_NpcBrain_Ask call gets a decision among its allowed actions`, async () => {
      for (const call of askCalls(readScript(script))) {
        const out = await replayAsk(db, fn, call, PLAYER, TYPED[script]);
        expect(out.status, JSON.stringify(out)).toBe('done');
        expect(out.returned).toBe(1);
        expect(call.allowed.split(',')).toContain(out.vars['.@action$']);
        expect(out.waitedMs).toBeLessThan(call.deadline + 300);
        const r = await row(out.id);
        expect(r).toMatchObject({ status: 'done', npc_id: call.npcId, claimed_by: b.id, char_name: PLAYER.name, base_level: 42, job: 'Knight', map: 'prontera' });
        expect(r.decision_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(JSON.parse(r.reply_args)).toBeTypeOf('object');
      }
    });
  }

  it('the Kafra warps where the gateway says, the args flattened into the script variables', async () => {
    const out = await replayAsk(db, fn, callOf('kafra.txt'), PLAYER, 'warp me to geffen please');
    expect(out.vars).toMatchObject({ '.@status$': 'done', '.@action$': 'warp', '.@rmap$': 'geffen', '.@rx': 120, '.@ry': 39, '.@zeny': 1200, '.@target$': 'Geffen' });
    expect(typeof out.vars['.@emotion']).toBe('number');
  });

  it("what the player typed reaches the gateway intact (escape_sql: quotes, backslashes, SQL)", async () => {
    const typed = `I'm "Bob" \\o/ '); DROP TABLE npc_brain_requests; --`;
    const out = await replayAsk(db, fn, callOf('guard.txt'), PLAYER, typed);
    expect(out.status).toBe('done');
    expect((await row(out.id)).text).toBe(typed);
  });

  it('a row answered again (re-queued) gets the same decision: the requestId is derived from the row', async () => {
    const out = await replayAsk(db, fn, callOf('kafra.txt'), PLAYER, 'I want to store my items');
    const first = await row(out.id);
    // Back to 'new' within its deadline (created_at untouched), as after a bridge crash.
    await db.query("UPDATE npc_brain_requests SET status = 'new', claimed_by = NULL, decision_id = NULL WHERE id = ?", [out.id]);
    await waitFor(async () => (await row(out.id)).status === 'done');
    expect((await row(out.id)).decision_id).toBe(first.decision_id);
  });
});

describe('two bridges on one table', () => {
  // Also on a failure: a bridge left running would answer the next tests' rows.
  afterEach(stopBridges);

  it('claim every row exactly once', async () => {
    const a = bridge({ BRIDGE_ID: 'bridge-a', BRIDGE_BATCH: '4', BRIDGE_CONCURRENCY: '16' });
    const c = bridge({ BRIDGE_ID: 'bridge-b', BRIDGE_BATCH: '4', BRIDGE_CONCURRENCY: '16' });
    await Promise.all([a.ready, c.ready]);
    const call = { ...callOf('kafra.txt'), deadline: 5000 };
    const n = 150;
    // The script's INSERT, from 150 players at once.
    const inserts = Array.from({ length: n }, (_, i) => {
      const vars = {
        [fn.params[0]!]: call.npcId, [fn.params[1]!]: call.event, [fn.params[2]!]: `hello ${i}`, [fn.params[3]!]: call.allowed, [fn.params[4]!]: call.deadline,
        'getcharid(0)': 200_000 + i, 'strcharinfo(0)': `Player${i}`, BaseLevel: 10, 'jobname(Class)': 'Novice', Zeny: 0, '.@map$': 'prontera', '.@x': 1, '.@y': 2,
      };
      return db.query(String(evaluate(fn.insert.expr, vars)));
    });
    await Promise.all(inserts);
    const pending = async () => Number(((await db.query("SELECT COUNT(*) AS n FROM npc_brain_requests WHERE char_id >= 200000 AND status IN ('new', 'claimed')")) as Array<{ n: number }>)[0]!.n);
    await waitFor(async () => (await pending()) === 0, 20_000);
    // A row reads 'done' as soon as its UPDATE commits, a moment before that bridge counts it.
    await waitFor(async () => a.stats.done + c.stats.done >= n, 5_000);
    const rows = (await db.query('SELECT status, claimed_by, decision_id FROM npc_brain_requests WHERE char_id >= 200000')) as Array<Record<string, string>>;
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(new Set(rows.map((r) => r.decision_id)).size).toBe(n);
    // Each bridge counts the rows its claim UPDATE took: together exactly n, so none twice.
    expect(a.stats.claimed + c.stats.claimed).toBe(n);
    expect(a.stats.done + c.stats.done).toBe(n);
    expect(a.stats.claimed).toBeGreaterThan(0);
    expect(c.stats.claimed).toBeGreaterThan(0);
    expect(rows.filter((r) => r.claimed_by === 'bridge-a')).toHaveLength(a.stats.claimed);
    await stopBridges();
  });
});

describe('when things go wrong the script takes its scripted default', () => {
  // Each test starts its own bridge; one left running by a failed test would answer the next test's rows.
  afterEach(stopBridges);

  it('gateway down: the row fails fast (not at its deadline) and F_NpcBrain_Ask returns 0', async () => {
    const b = bridge({ NPC_BRAIN_URL: `http://127.0.0.1:${await freePort()}` });
    await b.ready;
    const call = callOf('kafra.txt');
    const out = await replayAsk(db, fn, call, PLAYER, 'warp me to payon');
    expect(out.status).toBe('failed');
    expect(out.returned).toBe(0);
    expect(out.waitedMs).toBeLessThan(call.deadline);
    expect((await row(out.id)).error).toMatch(/ECONNREFUSED/);
    await stopBridges();
  });

  it('a gateway that never answers: the row expires at its deadline, the player waits no longer', async () => {
    const hung = await new Promise<Server>((r) => {
      const s = createServer(() => undefined).listen(0, '127.0.0.1', () => r(s));
    });
    try {
      const b = bridge({ NPC_BRAIN_URL: `http://127.0.0.1:${(hung.address() as AddressInfo).port}` });
      await b.ready;
      const call = callOf('tool_dealer.txt');
      const out = await replayAsk(db, fn, call, PLAYER, 'sell me potions');
      expect(out.status).toBe('expired');
      expect(out.returned).toBe(0);
      expect(out.waitedMs).toBeGreaterThanOrEqual(call.deadline - 150);
      expect(out.waitedMs).toBeLessThan(call.deadline + 300);
      await stopBridges();
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });

  it('no bridge running: the script gives up after its bounded loop and closes its row', async () => {
    const call = callOf('guard.txt', 1); // the proximity greeting, deadline 1000 ms
    expect(call.event).toBe('proximity');
    const out = await replayAsk(db, fn, call, PLAYER);
    expect(out.status).toBe('timeout');
    expect(out.polls).toBe(Math.floor(call.deadline / 100) + 3);
    expect(await row(out.id)).toMatchObject({ status: 'expired', error: 'the script stopped waiting' });
    // A bridge starting later never answers it.
    const b = bridge();
    await b.ready;
    await new Promise((r) => setTimeout(r, 100));
    expect((await row(out.id)).status).toBe('expired');
    expect(b.stats.claimed).toBe(0);
    await stopBridges();
  });

  it('rows past their deadline before any bridge saw them are expired by the sweep, never sent', async () => {
    const { insertId } = (await db.query(
      "INSERT INTO npc_brain_requests (npc_id, char_id, allowed, deadline_ms, created_at) VALUES ('kafra_prontera', 7, 'talk', 500, NOW(3) - INTERVAL 2 SECOND)",
    )) as { insertId: number };
    const b = bridge();
    await b.ready;
    await waitFor(async () => (await row(insertId)).status !== 'new');
    expect(await row(insertId)).toMatchObject({ status: 'expired', error: 'no bridge claimed it before its deadline', claimed_by: null });
    await stopBridges();
  });

  it('an unknown NPC or an unknown action: failed at once, naming why', async () => {
    const b = bridge();
    await b.ready;
    const unknownNpc = await replayAsk(db, fn, { ...callOf('kafra.txt'), npcId: 'nobody_here' }, PLAYER, 'hi');
    expect(unknownNpc.status).toBe('failed');
    expect((await row(unknownNpc.id)).error).toMatch(/404/);
    const badAction = await replayAsk(db, fn, { ...callOf('kafra.txt'), allowed: 'warp,teleport' }, PLAYER, 'hi');
    expect(badAction.status).toBe('failed');
    expect((await row(badAction.id)).error).toMatch(/teleport/);
    expect(unknownNpc.waitedMs).toBeLessThan(500);
    await stopBridges();
  });

  it('old rows are deleted after BRIDGE_RETENTION_S', async () => {
    const { insertId } = (await db.query(
      "INSERT INTO npc_brain_requests (npc_id, char_id, allowed, status, created_at) VALUES ('kafra_prontera', 8, 'talk', 'done', NOW(3) - INTERVAL 2 HOUR)",
    )) as { insertId: number };
    const b = bridge({ BRIDGE_RETENTION_S: '3600' });
    await b.ready;
    expect(await row(insertId)).toBeUndefined();
    expect(b.stats.deleted).toBeGreaterThanOrEqual(1);
    await stopBridges();
  });
});

describe('the bridge process (src/main.ts)', () => {
  it('starts, answers the Kafra, and stops cleanly on SIGTERM', async () => {
    const p = startApp('bridge-rathena', {
      NPC_BRAIN_URL: stack.url, NPC_BRAIN_KEY: stack.keys.game, RATHENA_DB_HOST: DB_HOST, RATHENA_DB_PORT: String(DB_PORT),
      RATHENA_DB_USER: DB_USER, RATHENA_DB_PASSWORD: DB_PASSWORD, RATHENA_DB_NAME: DB_NAME, BRIDGE_ID: 'bridge-process',
    });
    try {
      await p.waitFor(/bridge ready/);
      const out = await replayAsk(db, fn, callOf('kafra.txt'), PLAYER, 'save my position here');
      expect(out.status).toBe('done');
      expect((await row(out.id)).claimed_by).toBe('bridge-process');
      expect(await p.stop('SIGTERM')).toBe(0);
      expect(p.output()).toMatch(/shut down cleanly/);
    } finally {
      await p.stop('SIGKILL');
    }
  });

  it('refuses to start without NPC_BRAIN_KEY, naming it', async () => {
    const p = startApp('bridge-rathena', { NPC_BRAIN_KEY: '' });
    const code = await new Promise<number | null>((r) => (p.child.exitCode !== null ? r(p.child.exitCode) : p.child.once('exit', (c) => r(c))));
    expect(code).toBe(1);
    expect(p.output()).toMatch(/NPC_BRAIN_KEY/);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
