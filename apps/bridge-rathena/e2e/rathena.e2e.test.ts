/**
 * `pnpm test:rathena`: the project's NPC scripts in rAthena's own script engine. A real login,
 * char and map server (built once by ../shared/rathena/build.sh; RATHENA_HOME) run on loopback
 * with a database of their own; a headless player (an autotrade vendor) is attached by a driver
 * script (driver.txt) that calls F_NpcBrain_Ask — and F_NpcBrain_Quest — with what this test puts
 * in a table, through MariaDB, the bridge, a real gateway and rules worker (Redis, PostgreSQL).
 * It prints what it drove and the latency the player saw, measured by the server's clock.
 * (Over 300 lines on purpose: one rAthena server, slow to start, shared by every scenario below.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import mariadb, { type Pool } from 'mariadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createLogger, loadConfig } from '@npc/config';
import { emotionId, type ActionType } from '@npc/contracts';
import { REPO_ROOT, runId } from '@npc/testing';
import { WorldKnowledge, importRathena, installWorld } from '@npc/world';
import { http, startStack, type Stack } from '../../gateway/src/test-harness';
import { startBridge, type RunningBridge } from '../src/bridge';
import { codepage } from '../src/codepage';
import { BridgeEnv } from '../src/config';
import { askCalls, readScript, RATHENA_DIR } from '../src/test-script-sql';
import { upgradeStatements, type ExistingColumn } from '../src/table';
import { startRathena, type RathenaRun } from './rathena-server';

const HOME = process.env.RATHENA_HOME;
const ADMIN = {
  host: process.env.TEST_MARIADB_HOST ?? '127.0.0.1',
  port: Number(process.env.TEST_MARIADB_PORT ?? 3306),
  user: process.env.TEST_MARIADB_USER ?? 'root',
  password: process.env.TEST_MARIADB_PASSWORD ?? '',
};
const E2E = resolve(REPO_ROOT, 'apps/bridge-rathena/e2e');
const SCRIPTS = ['kafra.txt', 'tool_dealer.txt', 'guard.txt', 'quest_giver.txt'] as const;
const silent = createLogger('rathena-e2e', 'silent');

/** A phrase that asks for each action (the call allows that one action only). */
const ASKS: Record<ActionType, string> = {
  talk: 'hello there', emote: 'hi', ignore: '...', give_directions: 'where is the church?', quote_price: 'how much is a red potion?',
  open_shop: 'let me see your wares', buy: 'I want to buy 3 red potions', sell: 'I want to sell 5 jellopy', warp: 'warp me to geffen please',
  open_storage: 'open my storage please', save_point: 'save my position here', give_quest: 'do you have a task for me?',
  complete_quest: 'I brought the jellopies', job_change: 'make me a swordman', refine: 'refine my sword', attack: 'I will kill you, stupid guard',
  call_guards: 'help, a thief!', walk: 'follow me',
};

interface Call {
  npc: string;
  event: string;
  /** Bytes as the client sends them (a Buffer), or text sent as UTF-8. */
  text: Buffer | string;
  allowed: string;
  deadline?: number;
  level?: number;
  item?: number;
  amount?: number;
  quest?: boolean;
}
type Row = Record<string, any>;

let rathena: RathenaRun;
let stack: Stack;
let db: Pool;
let bridge: RunningBridge | undefined;
const results: Array<{ what: string; row: Row }> = [];

function bridgeConfig(env: Record<string, string> = {}) {
  return loadConfig(BridgeEnv, {
    NPC_BRAIN_URL: stack.url, NPC_BRAIN_KEY: stack.keys.game, RATHENA_DB_HOST: ADMIN.host, RATHENA_DB_PORT: String(ADMIN.port),
    RATHENA_DB_USER: rathena.user, RATHENA_DB_PASSWORD: rathena.password, RATHENA_DB_NAME: rathena.database, BRIDGE_CREATE_TABLE: 'false', ...env,
  });
}
async function useBridge(env: Record<string, string> = {}): Promise<void> {
  await bridge?.close();
  bridge = startBridge(bridgeConfig(env), silent);
  await bridge.ready;
}

/** Hands calls to the driver in the map-server and waits until it has made them all. */
async function drive(what: string, calls: readonly Call[], waitMs = 60_000): Promise<Row[]> {
  const ids: number[] = [];
  for (const c of calls) {
    const text = typeof c.text === 'string' ? Buffer.from(c.text, 'utf8') : c.text;
    const res = (await db.query(
      'INSERT INTO npc_brain_e2e_calls (npc_id, event, text, allowed, deadline_ms, prep_level, prep_item, prep_amount, quest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [c.npc, c.event, text, c.allowed, c.deadline ?? 1500, c.level ?? 0, c.item ?? 0, c.amount ?? 0, c.quest ? 1 : 0],
    )) as { insertId: number };
    ids.push(Number(res.insertId));
  }
  const end = Date.now() + waitMs;
  for (;;) {
    const rows = (await db.query(`SELECT * FROM npc_brain_e2e_calls WHERE id IN (${ids.join(',')}) ORDER BY id`)) as Row[];
    if (rows.every((r) => r.done === 1)) {
      rows.forEach((row, i) => results.push({ what: `${what}: ${calls[i]!.npc} [${calls[i]!.allowed}]`, row }));
      return rows;
    }
    if (Date.now() > end) throw new Error(`the driver did not finish ${what} in time; map-server said:\n${rathena.map.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The decision stored in PostgreSQL for a call (what the gateway received and answered). */
async function stored(decisionId: string): Promise<{ request: any; reply: any }> {
  await expect.poll(async () => (await stack.db.database.pool.query(`select 1 from ${stack.schema}.decisions where id = $1`, [decisionId])).rowCount, { timeout: 15_000 }).toBe(1);
  return (await stack.db.database.pool.query(`select request, reply from ${stack.schema}.decisions where id = $1`, [decisionId])).rows[0];
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};

beforeAll(async () => {
  if (!HOME) throw new Error('RATHENA_HOME is not set: run `pnpm test:rathena` (scripts/test-rathena.sh builds the server and sets it)');
  const t0 = performance.now();
  // The server's own items, for the item ids in action args (the gateway and worker run in this process).
  const world = importRathena({ dir: HOME });
  installWorld(new WorldKnowledge(world.data));
  stack = await startStack();
  const npcs = parseYaml(readFileSync(resolve(REPO_ROOT, 'apps/cli/demo/npcs.yaml'), 'utf8')) as Array<{ id: string } & Record<string, unknown>>;
  for (const { id, ...npc } of npcs) expect((await http(stack.url, 'PUT', `/v1/npcs/${id}`, { key: stack.keys.admin, body: npc })).status).toBe(201);
  rathena = await startRathena({
    home: HOME,
    admin: ADMIN,
    runId: runId(),
    scripts: [resolve(RATHENA_DIR, 'npc/npc_brain.txt'), ...SCRIPTS.map((s) => resolve(RATHENA_DIR, 'npc', s)), resolve(E2E, 'driver.txt')],
    sql: [resolve(RATHENA_DIR, 'sql/npc_brain_requests.sql'), resolve(REPO_ROOT, '../shared/rathena/headless-player.sql'), resolve(E2E, 'calls.sql')],
  });
  await rathena.map.waitFor(/NPCBRAIN_E2E ready BrainTester/, 120_000);
  db = mariadb.createPool({ host: ADMIN.host, port: ADMIN.port, user: rathena.user, password: rathena.password, database: rathena.database, connectionLimit: 4, bigIntAsNumber: true, insertIdAsNumber: true });
  await useBridge();
  console.log(`rAthena up in ${Math.round(performance.now() - t0)} ms (world import ${world.report.ms} ms; servers ${JSON.stringify(rathena.timings)})`);
}, 600_000);

afterAll(async () => {
  if (results.length > 0) {
    const lines = results.map(({ what, row }) => `${String(row.waited_ms).padStart(5)} ms  ${String(row.status).padEnd(8)} ${String(row.action || '-').padEnd(15)} ${what}`);
    console.log(`What the suite drove (the player's wait, by the map-server's clock):\n${lines.join('\n')}`);
    const answered = results.filter((r) => r.row.status === 'done').map((r) => Number(r.row.waited_ms));
    console.log(`latency per answered call (F_NpcBrain_Ask → reply in the script): n=${answered.length} median ${pct(answered, 50)} ms, p90 ${pct(answered, 90)} ms, max ${Math.max(...answered)} ms`);
  }
  await bridge?.close();
  await db?.end();
  await rathena?.stop();
  await stack?.close();
  installWorld(undefined);
}, 120_000);

describe('rAthena runs the scripts', () => {
  it('loads every script without an error (the stock ones, npc-brain\'s and the driver)', () => {
    const out = rathena.map.output();
    expect(out).not.toMatch(/script error/i);
    expect(out).not.toMatch(/parse_line/);
    expect(out).toMatch(/NPCBRAIN_E2E ready BrainTester/);
  });

  it('every example NPC, for each action type it allows, gets a decision in the engine with its arguments', async () => {
    const calls: Call[] = [];
    for (const script of SCRIPTS) {
      for (const a of askCalls(readScript(script))) {
        calls.push({ npc: a.npcId, event: a.event, text: a.text ?? ASKS[a.allowed.split(',')[0] as ActionType], allowed: a.allowed, deadline: a.deadline, level: 12 });
        for (const action of a.allowed.split(',') as ActionType[]) {
          calls.push({ npc: a.npcId, event: a.event, text: a.text ?? ASKS[action], allowed: action, deadline: a.deadline, level: 12 });
        }
      }
    }
    const rows = await drive('example NPCs', calls);
    rows.forEach((r, i) => {
      const c = calls[i]!;
      const label = `${c.npc} [${c.allowed}]`;
      expect(r.status, label).toBe('done');
      expect(r.returned, label).toBe(1);
      expect(c.allowed.split(','), label).toContain(r.action);
      expect(r.waited_ms, label).toBeLessThan(c.deadline! + 300);
      if (c.allowed !== r.action) return;
      switch (r.action) {
        case 'warp': expect([r.map, r.x > 0, r.zeny > 0], label).toEqual(['geffen', true, true]); break;
        case 'buy': case 'sell': case 'quote_price':
          expect(r.item_id, label).toBeGreaterThan(0);
          expect(r.aegis, label).toMatch(/^[A-Za-z_]+$/);
          expect(r.item.toString('latin1'), label).not.toBe('');
          break;
        case 'give_directions': expect(r.target.toString('latin1'), label).not.toBe(''); break;
        case 'give_quest':
          expect(r.target.toString('latin1'), label).toBe('jellopy_collector');
          expect(r.requires, label).toBe('909:10');
          expect(r.monster_level, label).toBeGreaterThan(0);
          expect(r.reward_tier, label).toBeGreaterThanOrEqual(1);
          expect(r.reward_item_id, label).toBe(505);
          break;
        case 'attack': expect(r.monster_level, label).toBeGreaterThan(0); break;
        default: break;
      }
    });
    // Emotion numbers reach the script as rAthena's (issue 13: e_smile was sent as 40, a blush).
    for (const r of rows) expect(r.emotion, r.decision).toBe(emotionId((await stored(r.decision)).reply.emotion));
  }, 300_000);

  it('an unknown NPC fails at once; the script takes its default', async () => {
    const [r] = await drive('unknown NPC', [{ npc: 'nobody_here', event: 'talk', text: 'hi', allowed: 'talk' }]);
    expect(r).toMatchObject({ status: 'failed', returned: 0, action: '' });
    expect(r!.waited_ms).toBeLessThan(700);
  });
});

describe('what players type reaches the gateway as they meant it', () => {
  it("quotes, backslashes and SQL; a Western client's CP1252 accents", async () => {
    const texts = [`I'm "Bob" \\o/ '); DROP TABLE npc_brain_requests; --`, 'un café crème, s\'il vous plaît — ¿cuánto?'];
    const rows = await drive('hostile and accented text (cp1252)', texts.map((t) => ({ npc: 'guard_prontera', event: 'talk', text: iconv.encode(t, 'cp1252'), allowed: 'talk,give_directions' })));
    for (const [i, r] of rows.entries()) {
      expect(r.status).toBe('done');
      expect((await stored(r.decision)).request.event.text).toBe(texts[i]);
    }
    // Ordinary work still flows and is stored.
    const [after] = await drive('after hostile text', [{ npc: 'kafra_prontera', event: 'talk', text: 'warp me to geffen please', allowed: 'warp,talk' }]);
    expect(after).toMatchObject({ status: 'done', action: 'warp', map: 'geffen' });
    expect((await stored(after!.decision)).request.event.text).toBe('warp me to geffen please');
  }, 120_000);

  it('every codepage RO clients use (RATHENA_CLIENT_CODEPAGE), emoji in UTF-8; what the NPC says comes back in it', async () => {
    const CASES: ReadonlyArray<readonly [string, string]> = [
      ['utf-8', 'café 🙂 naïve'], ['cp1250', 'Dzień dobry, ile kosztuje żółw?'], ['cp1251', 'Привет, сколько стоит зелье?'],
      ['cp1254', 'Merhaba, iksir ne kadar? ğüşıöç'], ['cp1256', 'مرحبا، كم سعر الجرعة؟'], ['cp874', 'สวัสดีครับ ยาราคาเท่าไร'],
      ['cp949', '안녕하세요 빨간 포션 얼마예요?'], ['cp932', 'こんにちは、赤ポーションはいくら？'], ['gbk', '你好，红色药水多少钱？'], ['big5', '你好，紅色藥水多少錢？'],
    ];
    try {
      for (const [cp, text] of CASES) {
        await useBridge({ RATHENA_CLIENT_CODEPAGE: cp });
        const [r] = await drive(`client text in ${cp}`, [{ npc: 'tool_dealer_prontera', event: 'trade', text: iconv.encode(text, codepage(cp).name), allowed: 'quote_price,open_shop,talk' }]);
        expect(r!.status, cp).toBe('done');
        const { request, reply } = await stored(r!.decision);
        expect(request.event.text, cp).toBe(text);
        expect(codepage(cp).decode(r!.say), cp).toBe(iconv.decode(iconv.encode(reply.say, codepage(cp).name), codepage(cp).name));
      }
    } finally {
      await useBridge();
    }
  }, 300_000);
});

describe('the bugs of issue 13, in the engine', () => {
  it('a failing INSERT: the script takes its default, never the previous decision', async () => {
    // The request table as an older release made it: player text in a utf8mb4 TEXT column.
    await db.query('DELETE FROM npc_brain_requests'); // bytes no TEXT column could hold
    await db.query('ALTER TABLE npc_brain_requests MODIFY COLUMN `text` TEXT NULL');
    try {
      const [ok, refused] = await drive('old table', [
        { npc: 'kafra_prontera', event: 'talk', text: 'warp me to geffen please', allowed: 'warp,talk' },
        { npc: 'guard_prontera', event: 'talk', text: iconv.encode('un café', 'cp1252'), allowed: 'talk,call_guards,attack' },
      ]);
      expect(ok).toMatchObject({ status: 'done', action: 'warp' });
      expect(refused).toMatchObject({ status: 'error', returned: 0, action: '', decision: '' });
      expect(rathena.map.output()).toMatch(/Incorrect string value/);
    } finally {
      const cols = (await db.query(`SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'npc_brain_requests'`)) as ExistingColumn[];
      for (const sql of upgradeStatements(cols)) await db.query(sql);
    }
    const [fixed] = await drive('upgraded table', [{ npc: 'guard_prontera', event: 'talk', text: iconv.encode('un café', 'cp1252'), allowed: 'talk,call_guards,attack' }]);
    expect(fixed!.status).toBe('done');
    expect((await stored(fixed!.decision)).request.event.text).toBe('un café');
  }, 120_000);

  it('no bridge: the scripted default after at most deadline + 300 ms', async () => {
    await bridge?.close();
    bridge = undefined;
    try {
      const rows = await drive('bridge down', [
        { npc: 'kafra_prontera', event: 'talk', text: 'warp me to payon', allowed: 'warp,talk', deadline: 1500 },
        { npc: 'guard_prontera', event: 'proximity', text: '', allowed: 'talk,emote,ignore', deadline: 1000 },
      ]);
      for (const [i, r] of rows.entries()) {
        const deadline = [1500, 1000][i]!;
        expect(r).toMatchObject({ status: 'timeout', returned: 0 });
        expect(r.waited_ms).toBeGreaterThanOrEqual(deadline);
        expect(r.waited_ms).toBeLessThan(deadline + 300);
      }
    } finally {
      await useBridge();
    }
  }, 120_000);

  it('a gateway that never answers: expired at the deadline, the player waits no longer', async () => {
    const hung = await new Promise<Server>((r) => {
      const s = createServer(() => undefined).listen(0, '127.0.0.1', () => r(s));
    });
    try {
      await useBridge({ NPC_BRAIN_URL: `http://127.0.0.1:${(hung.address() as AddressInfo).port}` });
      const [r] = await drive('gateway hangs', [{ npc: 'tool_dealer_prontera', event: 'trade', text: 'sell me potions', allowed: 'buy,talk', deadline: 1500 }]);
      expect(r).toMatchObject({ status: 'expired', returned: 0 });
      expect(r!.waited_ms).toBeGreaterThanOrEqual(1300);
      expect(r!.waited_ms).toBeLessThan(1500 + 300);
    } finally {
      hung.closeAllConnections();
      hung.close();
      await useBridge();
    }
  }, 120_000);
});

describe('the quest giver keeps quest state in the server', () => {
  it('give_quest with the scaled values, complete_quest refused without the items, then paid with them', async () => {
    const ask = { npc: 'quest_giver_prontera', event: 'quest', allowed: 'give_quest,complete_quest,talk', level: 12, quest: true } as const;
    const [given, early, done, again] = await drive('quest', [
      { ...ask, text: 'do you have a task for me?' },
      { ...ask, text: 'I brought the jellopies' },
      { ...ask, text: 'I brought the jellopies', item: 909, amount: 10 },
      { ...ask, text: 'do you have a task for me?' },
    ]);
    expect(given).toMatchObject({ action: 'give_quest', quest_result: 1, requires: '909:10', reward_item_id: 505 });
    expect(given!.target.toString()).toBe('jellopy_collector');
    expect(given!.quest_msg).toMatch(/Task accepted: Jellopy Collector\. Bring 10 Jellopy\./);
    expect(early).toMatchObject({ action: 'complete_quest', quest_result: 0 });
    expect(early!.quest_msg).toMatch(/Bring me 10 Jellopy first/);
    expect(done).toMatchObject({ action: 'complete_quest', quest_result: 1, prep_count: 0 });
    expect(done!.reward_count).toBeGreaterThan(0);
    expect(Number(done!.zeny_after)).toBeGreaterThan(Number(done!.zeny_before));
    expect(again).toMatchObject({ action: 'give_quest', quest_result: 0 });
    expect(again!.quest_msg).toMatch(/done this task already/);
  }, 120_000);
});

describe('the whole run', () => {
  it('no script error in the map-server output, from start to end', () => {
    const out = rathena.map.output();
    expect(out).not.toMatch(/script error/i);
    // The only failing script command is the INSERT the old-table test made fail on purpose.
    const failures = out.split('\n').filter((l) => /returned failure/.test(l));
    expect(failures.every((l) => /'query_sql'/.test(l)), failures.join('\n')).toBe(true);
    expect(failures.length).toBeLessThanOrEqual(1);
  });
});
