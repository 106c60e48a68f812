/**
 * The rAthena bridge against the real MariaDB of this machine (127.0.0.1:3306, root) and a real
 * gateway + rules worker, replaying exactly the SQL the example NPC scripts issue.
 * (Over 300 lines on purpose: every block shares one MariaDB database and one gateway stack, the
 * slow part of the file's setup; the blocks are its concepts: table and scripts, replay, codepages,
 * units, two bridges, failures, the process.)
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import mariadb, { type Pool } from 'mariadb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createLogger, loadConfig } from '@npc/config';
import iconv from 'iconv-lite';
import { ACTION_TYPES, EMOTIONS, ET_NAMES, type Decision } from '@npc/contracts';
import { REPO_ROOT, runId, startApp } from '@npc/testing';
import { http, startStack, type Stack } from '../../gateway/src/test-harness';
import { startBridge, type RunningBridge } from './bridge';
import { BridgeEnv } from './config';
import { codepage } from './codepage';
import { buildRequest, replyColumns, type RequestRow } from './rows';
import { COLUMNS, CREATE_TABLE_SQL, upgradeStatements } from './table';
import {
  RATHENA_DIR, askCalls, evaluate, loadAskFunction, readScript, replayAsk, scriptPool, stripComments, uncheckedQueries, type AskCall, type ScriptPlayer,
} from './test-script-sql';

const DB_HOST = process.env.TEST_MARIADB_HOST ?? '127.0.0.1';
const DB_PORT = Number(process.env.TEST_MARIADB_PORT ?? 3306);
const DB_USER = process.env.TEST_MARIADB_USER ?? 'root';
const DB_PASSWORD = process.env.TEST_MARIADB_PASSWORD ?? '';
const DB_NAME = `npc_bridge_t_${runId()}`;
const silent = createLogger('bridge-test', 'silent');
const SCRIPTS = ['kafra.txt', 'tool_dealer.txt', 'guard.txt', 'quest_giver.txt'] as const;
const TYPED: Record<(typeof SCRIPTS)[number], string> = {
  'kafra.txt': 'warp me to geffen please',
  'tool_dealer.txt': 'how much for a red potion?',
  'guard.txt': 'where is the church?',
  'quest_giver.txt': 'do you have a quest for me?',
};
const PLAYER: ScriptPlayer = { charId: 150001, name: "Aria O'Neil", level: 42, job: 'Knight', zeny: 125_000, map: 'prontera', x: 150, y: 180 };
const fn = loadAskFunction();
const sqlFile = readFileSync(resolve(RATHENA_DIR, 'sql/npc_brain_requests.sql'), 'utf8');

let root: Pool;
let db: Pool;
/** Talks to MariaDB as the map-server does (bytes in, bytes out): what replayAsk runs the script's SQL on. */
let sdb: Pool;
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
  sdb = scriptPool({ host: DB_HOST, port: DB_PORT, user: DB_USER, password: DB_PASSWORD, database: DB_NAME, connectionLimit: 8 });
  // What the operator runs: the SQL file from deploy/rathena/sql.
  await db.query(stripSqlComments(sqlFile));
  stack = await startStack();
  const npcs = parseYaml(readFileSync(resolve(REPO_ROOT, 'apps/cli/demo/npcs.yaml'), 'utf8')) as Array<{ id: string } & Record<string, unknown>>;
  for (const { id, ...npc } of npcs) expect((await http(stack.url, 'PUT', `/v1/npcs/${id}`, { key: stack.keys.admin, body: npc })).status).toBe(201);
});

afterAll(async () => {
  await stopBridges();
  await db?.end();
  await sdb?.end();
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

  it('F_NpcBrain_Ask: insert, read back its own row, a poll bounded by the clock, give up, read the reply', () => {
    expect(fn.params).toEqual(['.@npc_id$', '.@event$', '.@text$', '.@allowed$', '.@deadline']);
    expect(fn.poll.outputs).toEqual(['.@status$']);
    expect(fn.ownRow.outputs).toEqual(['.@id']);
    expect(fn.reply.outputs[0]).toBe('@npcbrain_action$');
    // The player waits at most deadline + 300 ms: the loop ends at deadline + grace by the server's
    // clock, the last sleep cut to what is left (README, "Deadlines").
    expect(fn.graceMs + fn.maxSleepMs).toBeLessThanOrEqual(300);
    expect(fn.firstSleepMs).toBeLessThanOrEqual(fn.maxSleepMs);
  });

  it('every query_sql result is checked (an SQL error returns -1 and the script must not go on)', () => {
    expect(uncheckedQueries(readScript('npc_brain.txt'))).toEqual([]);
    for (const script of [...SCRIPTS, 'quest_giver.txt']) expect(uncheckedQueries(readScript(script)), script).toEqual([]);
    // What issue 13 found: the result of each of these was ignored.
    expect(uncheckedQueries('query_sql("INSERT INTO t VALUES (1)");\nquery_sql("SELECT LAST_INSERT_ID()", .@id);\nif (query_sql("SELECT 1", .@a) < 1) end;')).toHaveLength(2);
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
    // Its emotion tables are the contract's (ET_* and e_* names in rAthena's order).
    const arr = (name: string) => [...(new RegExp(`setarray \\.@${name}\\$, ([^;]+);`).exec(http)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(arr('et')).toEqual([...ET_NAMES]);
    expect(arr('e')).toEqual([...EMOTIONS]);
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
        const out = await replayAsk(sdb, fn, call, PLAYER, TYPED[script]);
        expect(out.status, JSON.stringify(out)).toBe('done');
        expect(out.returned).toBe(1);
        expect(call.allowed.split(',')).toContain(out.vars['@npcbrain_action$']);
        expect(out.waitedMs).toBeLessThan(call.deadline + 300);
        const r = await row(out.id);
        expect(r).toMatchObject({ status: 'done', npc_id: call.npcId, claimed_by: b.id, base_level: 42, job: 'Knight', map: 'prontera' });
        expect(r.char_name.toString('latin1')).toBe(PLAYER.name);
        expect(r.decision_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(JSON.parse(r.reply_args)).toBeTypeOf('object');
      }
    });
  }

  it('the Kafra warps where the gateway says, the args flattened into the script variables', async () => {
    const out = await replayAsk(sdb, fn, callOf('kafra.txt'), PLAYER, 'warp me to geffen please');
    expect(out.status).toBe('done');
    expect(out.vars).toMatchObject({ '@npcbrain_action$': 'warp', '@npcbrain_map$': 'geffen', '@npcbrain_x': 120, '@npcbrain_y': 39, '@npcbrain_zeny': 1200, '@npcbrain_target$': 'Geffen' });
    expect(typeof out.vars['@npcbrain_emotion']).toBe('number');
    expect(out.vars['@npcbrain_decision$']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("what the player typed reaches the gateway intact (escape_sql: quotes, backslashes, SQL)", async () => {
    const typed = `I'm "Bob" \\o/ '); DROP TABLE npc_brain_requests; --`;
    const out = await replayAsk(sdb, fn, callOf('guard.txt'), PLAYER, typed);
    expect(out.status).toBe('done');
    expect((await row(out.id)).text.toString('latin1')).toBe(typed);
  });

  it('a row answered again (re-queued) gets the same decision: the requestId is derived from the row', async () => {
    const out = await replayAsk(sdb, fn, callOf('kafra.txt'), PLAYER, 'I want to store my items');
    const first = await row(out.id);
    // Back to 'new' within its deadline (created_at untouched), as after a bridge crash.
    await db.query("UPDATE npc_brain_requests SET status = 'new', claimed_by = NULL, decision_id = NULL WHERE id = ?", [out.id]);
    await waitFor(async () => (await row(out.id)).status === 'done');
    expect((await row(out.id)).decision_id).toBe(first.decision_id);
  });
});

/** Text as a client in `cp` sends it: a byte string (one character per byte) for the replay. */
const bytes = (text: string, cp: string): string => iconv.encode(text, codepage(cp).name).toString('latin1');
/** The decision stored in PostgreSQL for a row (the request as the gateway received it). */
async function stored(decisionId: string): Promise<{ request: any; reply: any }> {
  await expect.poll(async () => (await stack.db.database.pool.query(`select 1 from ${stack.schema}.decisions where id = $1`, [decisionId])).rowCount, { timeout: 10_000 }).toBe(1);
  return (await stack.db.database.pool.query(`select request, reply from ${stack.schema}.decisions where id = $1`, [decisionId])).rows[0];
}

describe('player text and names in the client codepage (issue 13: a failed INSERT returned an old decision)', () => {
  afterEach(stopBridges);
  const CASES: ReadonlyArray<readonly [string, string, string]> = [
    ['cp1252', 'José', 'un café, por favor — ¿cuánto cuesta?'],
    ['utf-8', 'Zoë', 'café 🙂 naïve “quotes”'],
    ['cp1250', 'Łukasz', 'Dzień dobry, ile kosztuje żółw?'],
    ['cp1251', 'Иван', 'Привет, сколько стоит зелье?'],
    ['cp1254', 'Gülşen', 'Merhaba, iksir ne kadar? ğüşıöç'],
    ['cp1256', 'علي', 'مرحبا، كم سعر الجرعة؟'],
    ['cp874', 'สมชาย', 'สวัสดีครับ ยาราคาเท่าไร'],
    ['cp949', '김철수', '안녕하세요 빨간 포션 얼마예요?'],
    ['cp932', '山田', 'こんにちは、赤ポーションはいくら？'],
    ['gbk', '李雷', '你好，红色药水多少钱？'],
    ['big5', '陳大文', '你好，紅色藥水多少錢？'],
  ];

  it('every codepage RO clients use: stored as bytes, decoded by the bridge, answered for its own row, stored in PostgreSQL', async () => {
    for (const [cp, name, text] of CASES) {
      const b = bridge({ RATHENA_CLIENT_CODEPAGE: cp });
      await b.ready;
      const out = await replayAsk(sdb, fn, callOf('guard.txt'), { ...PLAYER, name: bytes(name, cp) }, bytes(text, cp));
      expect(out.status, cp).toBe('done');
      const r = await row(out.id);
      expect(r.text.toString('latin1'), cp).toBe(bytes(text, cp));
      const { request, reply } = await stored(r.decision_id);
      expect(request.event.text, cp).toBe(text);
      expect(request.player.name, cp).toBe(name);
      // What the NPC says reaches the script in the client's codepage.
      expect(codepage(cp).decode(Buffer.from(String(out.vars['@npcbrain_say$']), 'latin1')), cp).toBe(iconv.decode(iconv.encode(reply.say, codepage(cp).name), codepage(cp).name));
      await stopBridges();
    }
  });

  it("a character cut in two by the script's byte limit is dropped, not sent as garbage", async () => {
    const b = bridge({ RATHENA_CLIENT_CODEPAGE: 'utf-8' });
    await b.ready;
    const typed = `a${'é'.repeat(200)}`; // 401 bytes; the script keeps 254: 'a', 126 × 'é' and half of the next
    const out = await replayAsk(sdb, fn, callOf('guard.txt'), PLAYER, bytes(typed, 'utf-8'));
    expect(out.status).toBe('done');
    const r = await row(out.id);
    expect(r.text.length).toBe(fn.textLimit - 1);
    expect(r.text[r.text.length - 1]).toBe(0xc3);
    expect((await stored(r.decision_id)).request.event.text).toBe(`a${'é'.repeat(126)}`);
  });

  it('a failing INSERT makes the script take its default: never the previous decision; the bridge upgrades an old table', async () => {
    const old = `${DB_NAME}_old`;
    await root.query(`CREATE DATABASE \`${old}\` CHARACTER SET utf8mb4`);
    const oldPool = scriptPool({ host: DB_HOST, port: DB_PORT, user: DB_USER, password: DB_PASSWORD, database: old, connectionLimit: 2 });
    try {
      // The table as the previous release created it: player text in a utf8mb4 TEXT column.
      await root.query(`CREATE TABLE \`${old}\`.npc_brain_requests (${COLUMNS.map(([n, d]) => `\`${n}\` ${n === 'text' ? 'TEXT NULL' : n === 'char_name' ? "VARCHAR(64) NOT NULL DEFAULT ''" : d}`).join(', ')}, PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4`);
      bridge({ RATHENA_DB_NAME: old });
      const first = await replayAsk(oldPool, fn, callOf('kafra.txt'), PLAYER, 'warp me to geffen please');
      expect(first.status).toBe('done');
      // CP1252 "café" cannot go into the text column: MariaDB refuses the INSERT (strict mode).
      const refused = await replayAsk(oldPool, fn, callOf('kafra.txt'), PLAYER, bytes('un café', 'cp1252'));
      expect(refused).toMatchObject({ status: 'error', returned: 0 });
      expect(refused.vars['@npcbrain_action$'] ?? '').toBe('');
      await stopBridges();
      // A bridge that may create the table brings it up to date: the same bytes now go through.
      const upgraded = bridge({ RATHENA_DB_NAME: old, BRIDGE_CREATE_TABLE: 'true', RATHENA_CLIENT_CODEPAGE: 'cp1252' });
      await upgraded.ready;
      const cols = (await root.query(`SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'npc_brain_requests'`, [old])) as Array<{ name: string; type: string }>;
      expect(upgradeStatements(cols)).toEqual([]);
      const after = await replayAsk(oldPool, fn, callOf('kafra.txt'), PLAYER, bytes('un café', 'cp1252'));
      expect(after.status).toBe('done');
      expect(after.id).toBeGreaterThan(first.id);
      expect((await stored(String(after.vars['@npcbrain_decision$']))).request.event.text).toBe('un café');
    } finally {
      await stopBridges();
      await oldPool.end();
      await root.query(`DROP DATABASE IF EXISTS \`${old}\``);
    }
  });
});

describe('rows and replies (units)', () => {
  const decision = (over: Partial<Decision>): Decision => ({
    decisionId: '00000000-0000-4000-8000-000000000001', source: 'rules', costUsd: 0, latencyMs: 1, say: 'Hello!', emotion: null,
    intent: { name: 'greet', confidence: 1 }, action: { type: 'talk', args: {} }, ...over,
  });
  const utf8 = codepage('utf-8');

  it("emotion numbers are rAthena's: e_smile is ET_SMILE (18), not 40 (a blush)", () => {
    expect(replyColumns(decision({ emotion: 'e_smile' }), utf8).reply_emotion_id).toBe(18);
    expect(replyColumns(decision({ emotion: 'e_heh' }), utf8).reply_emotion_id).toBe(18);
    expect(replyColumns(decision({ emotion: 'e_yawn' }), utf8).reply_emotion_id).toBe(45);
    expect(replyColumns(decision({ emotion: 'ET_SLEEPY' }), utf8).reply_emotion_id).toBe(45);
    expect(replyColumns(decision({ emotion: null }), utf8).reply_emotion_id).toBe(-1);
  });

  it('item ids, quest terms and scaled values are flattened for the script', () => {
    const buy = replyColumns(decision({ action: { type: 'buy', args: { item: 'Red Potion', amount: 3, price: 150, itemId: 501, aegisName: 'Red_Potion' } } }), utf8);
    expect(buy).toMatchObject({ reply_item_id: 501, reply_aegis: 'Red_Potion', reply_amount: 3, reply_zeny: 150 });
    expect(buy.reply_item?.toString()).toBe('Red Potion');
    const quest = replyColumns(decision({
      action: {
        type: 'give_quest',
        args: {
          quest: 'jellopy_hunt', level: 12, reward: '2 Blue Potions', monsterLevel: 14, monsterCount: 7, rewardTier: 4,
          requires: [{ item: 'Jellopy', amount: 10, itemId: 909 }, { item: 'Mystery', amount: 1 }], rewardItem: 'Blue Potion', rewardItemId: 505, rewardAmount: 2, rewardZeny: 500,
        },
      },
    }), utf8);
    expect(quest).toMatchObject({
      reply_level: 12, reply_monster_level: 14, reply_monster_count: 7, reply_reward_tier: 4, reply_requires: '909:10',
      reply_reward_item_id: 505, reply_reward_amount: 2, reply_reward_zeny: 500,
    });
    expect(quest.reply_target?.toString()).toBe('jellopy_hunt');
    expect(quest.reply_reward?.toString()).toBe('2 Blue Potions');
  });

  it('a DBCS character cut in two is dropped; a reply too long for its column is cut on a character boundary', () => {
    const cp949 = codepage('cp949');
    const row = { id: 1, created_ms: 1, npc_id: 'n', char_id: 1, char_name: Buffer.from([0xb1, 0xe8]), base_level: 1, job: '', zeny: 0, map: '', x: 0, y: 0, event: 'talk', allowed: 'talk', deadline_ms: 1500, remaining_ms: 1000 } satisfies Omit<RequestRow, 'text'>;
    const text = Buffer.concat([iconv.encode('포션', 'cp949'), Buffer.from([0xb1])]);
    const built = buildRequest({ ...row, text }, 1000, cp949);
    expect(built.ok && built.body.event.text).toBe('포션');
    expect(built.ok && built.body.player.name).toBe('김');
    const say = replyColumns(decision({ say: '가'.repeat(280), action: { type: 'give_directions', args: { destination: '가'.repeat(120) } } }), utf8);
    expect(say.reply_target?.length).toBe(255); // 85 × 3 bytes
    expect(utf8.decode(say.reply_target)).toBe('가'.repeat(85));
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
    const out = await replayAsk(sdb, fn, call, PLAYER, 'warp me to payon');
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
      const out = await replayAsk(sdb, fn, call, PLAYER, 'sell me potions');
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
    const out = await replayAsk(sdb, fn, call, PLAYER);
    expect(out.status).toBe('timeout');
    expect(out.waitedMs).toBeGreaterThanOrEqual(call.deadline);
    expect(out.waitedMs).toBeLessThan(call.deadline + 300);
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
    const unknownNpc = await replayAsk(sdb, fn, { ...callOf('kafra.txt'), npcId: 'nobody_here' }, PLAYER, 'hi');
    expect(unknownNpc.status).toBe('failed');
    expect((await row(unknownNpc.id)).error).toMatch(/404/);
    const badAction = await replayAsk(sdb, fn, { ...callOf('kafra.txt'), allowed: 'warp,teleport' }, PLAYER, 'hi');
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
      const out = await replayAsk(sdb, fn, callOf('kafra.txt'), PLAYER, 'save my position here');
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
