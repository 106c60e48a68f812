/**
 * Test helper: reads the example rAthena scripts (deploy/rathena/npc/*.txt) and replays exactly
 * the SQL they issue. `query_sql(<string expression>, <output variables>…)` calls are extracted
 * from the script text, their string concatenations evaluated with concrete values for the
 * script variables, and the outputs mapped onto the script's variables by position, as rAthena
 * does. An expression the replay does not know (a script changed incompatibly) throws.
 * (One concept, a small interpreter of the scripts' SQL expressions: over 300 lines on purpose.)
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mariadb, { type Pool, type PoolConfig } from 'mariadb';

export const RATHENA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/rathena');
export const readScript = (name: string): string => readFileSync(resolve(RATHENA_DIR, 'npc', name), 'utf8');

/** Removes `//` and `/* *\/` comments outside string literals. */
export function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"') {
      const end = stringEnd(src, i);
      out += src.slice(i, end);
      i = end - 1;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i + 2) + 1;
      if (i === 0) break;
    } else out += c;
  }
  return out;
}

/** Index just past the string literal starting at `start` (a `"`). */
function stringEnd(src: string, start: number): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '"') return i + 1;
  }
  throw new Error(`unterminated string at ${start}`);
}

/** Splits at top-level occurrences of `sep` (outside strings and brackets). */
function splitTop(expr: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === '"') i = stringEnd(expr, i) - 1;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      parts.push(expr.slice(last, i).trim());
      last = i + 1;
    }
  }
  parts.push(expr.slice(last).trim());
  return parts;
}

/** The argument lists of every call of `name(…)` in the (comment-stripped) script. */
export function calls(src: string, name: string): string[][] {
  const code = stripComments(src);
  const found: string[][] = [];
  const re = new RegExp(`(?<![A-Za-z0-9_.$@])${name}\\s*\\(`, 'g');
  for (let m = re.exec(code); m; m = re.exec(code)) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    const open = i;
    for (; i < code.length; i++) {
      const c = code[i]!;
      if (c === '"') i = stringEnd(code, i) - 1;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    found.push(splitTop(code.slice(open + 1, i), ','));
  }
  return found;
}

/** rAthena's escape_sql (the server's mysql_real_escape_string). */
export function escapeSql(s: string): string {
  return s.replace(/[\0\n\r\\'"\x1a]/g, (c) => ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' })[c]!);
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

export type ScriptValue = string | number;

/** Evaluates a script expression made of string literals, numbers, known variables, `+` and escape_sql(). */
export function evaluate(expr: string, vars: Record<string, ScriptValue>): ScriptValue {
  const terms = splitTop(expr, '+');
  if (terms.length > 1) return terms.map((t) => String(evaluate(t, vars))).join('');
  const t = expr.trim();
  if (t.startsWith('"') && stringEnd(t, 0) === t.length) return unquote(t);
  if (/^-?\d+$/.test(t)) return Number(t);
  const esc = /^escape_sql\((.*)\)$/s.exec(t);
  if (esc) return escapeSql(String(evaluate(esc[1]!, vars)));
  const paren = /^\((.*)\)$/s.exec(t);
  if (paren) return evaluate(paren[1]!, vars);
  if (t in vars) return vars[t]!;
  throw new Error(`the replay does not know the script expression ${JSON.stringify(t)}: the script changed; update the bridge test (and check the bridge still fits)`);
}

export interface QueryCall {
  /** The SQL expression (first argument). */
  expr: string;
  /** The output variables, in column order. */
  outputs: string[];
}

/** The SQL the shared function F_NpcBrain_Ask (npc/npc_brain.txt) issues, in the order it issues it. */
export interface AskFunction {
  insert: QueryCall;
  /** Reads back the id of the row just inserted (only if it is the character's own). */
  ownRow: QueryCall;
  poll: QueryCall;
  giveUp: QueryCall;
  reply: QueryCall;
  /** The poll loop: first sleep, the most it grows to, and how long past the deadline it still waits. */
  firstSleepMs: number;
  maxSleepMs: number;
  graceMs: number;
  /** The byte limit on the player's text (`getstrlen > N → substr(0, N - 1)`). */
  textLimit: number;
  /** The parameters it reads: `.@npc_id$ = getarg(0)` … */
  params: string[];
}

/** Every `query_sql(…)` whose result the script does not test (`if (query_sql(…) < n)`): what issue 13 found unchecked. */
export function uncheckedQueries(src: string): string[] {
  const code = stripComments(src);
  const out: string[] = [];
  const re = /(?<![A-Za-z0-9_.$@])query_sql\s*\(/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const before = code.slice(0, m.index);
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < code.length; i++) {
      const c = code[i]!;
      if (c === '"') i = stringEnd(code, i) - 1;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    const after = code.slice(i + 1);
    if (!/if\s*\(\s*$/.test(before) || !/^\s*(<|>|==|!=)/.test(after)) out.push(code.slice(m.index, Math.min(code.length, m.index + 60)));
  }
  return out;
}

export function loadAskFunction(src = readScript('npc_brain.txt')): AskFunction {
  const qs = calls(src, 'query_sql').map(([expr, ...outputs]) => ({ expr: expr!, outputs }));
  const first = (q: QueryCall) => String(evaluate(splitTop(q.expr, '+')[0]!, {})).trimStart();
  const pick = (re: RegExp) => {
    const found = qs.filter((q) => re.test(first(q)));
    if (found.length !== 1) throw new Error(`npc_brain.txt: expected one query_sql matching ${re}, found ${found.length}`);
    return found[0]!;
  };
  if (qs.length !== 5) throw new Error(`npc_brain.txt: expected 5 query_sql calls, found ${qs.length}`);
  const code = stripComments(src);
  const need = (re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(code);
    if (!m) throw new Error(`npc_brain.txt: ${what} changed; update the replay (test-script-sql.ts)`);
    return m;
  };
  const grace = need(/\.@end\s*=\s*gettimetick\(0\)\s*\+\s*\.@deadline\s*\+\s*(\d+)\s*;/, 'the wait bound (.@end = gettimetick(0) + .@deadline + N)');
  const firstSleep = need(/\.@wait\s*=\s*(\d+)\s*;/, 'the first poll delay');
  const growth = need(/if\s*\(\.@wait\s*<\s*(\d+)\)\s*\.@wait\s*=\s*\.@wait\s*\*\s*2\s*;/, 'the poll back-off');
  need(/sleep2\s*\(\.@wait\s*<\s*\.@left\s*\?\s*\.@wait\s*:\s*\.@left\)\s*;/, 'the capped sleep');
  const limit = need(/getstrlen\(\.@text\$\)\s*>\s*(\d+)\)\s*\.@text\$\s*=\s*substr\(\.@text\$,\s*0,\s*(\d+)\)/, 'the text limit');
  const params: string[] = [];
  for (const m of code.matchAll(/(\.@[a-z_]+\$?)\s*=\s*getarg\((\d+)/g)) params[Number(m[2])] = m[1]!;
  return {
    insert: pick(/^INSERT INTO npc_brain_requests/), ownRow: pick(/^SELECT id FROM npc_brain_requests WHERE id = LAST_INSERT_ID\(\)/),
    poll: pick(/^SELECT status FROM/), giveUp: pick(/^UPDATE npc_brain_requests/), reply: pick(/^SELECT COALESCE\(reply_action/),
    firstSleepMs: Number(firstSleep[1]), maxSleepMs: Number(growth[1]), graceMs: Number(grace[1]), textLimit: Number(limit[1]), params,
  };
}

/** One `callfunc("F_NpcBrain_Ask", …)` of an example NPC, its arguments evaluated. */
export interface AskCall {
  npcId: string;
  event: string;
  /** null: the player's typed text (`.@text$`); else the literal the script passes. */
  text: string | null;
  allowed: string;
  deadline: number;
}

/** The F_NpcBrain_Ask calls of an NPC script, with `.npc_id$` taken from its OnInit. */
export function askCalls(src: string): AskCall[] {
  const npcId = /\.npc_id\$\s*=\s*"([^"]+)"\s*;/.exec(stripComments(src))?.[1];
  if (!npcId) throw new Error('script sets no .npc_id$');
  return calls(src, 'callfunc')
    .filter((a) => a[0] === '"F_NpcBrain_Ask"')
    .map((a) => {
      const [, npc, event, text, allowed, deadline] = a;
      const vars = { '.npc_id$': npcId };
      return {
        npcId: String(evaluate(npc!, vars)),
        event: String(evaluate(event!, vars)),
        text: text === '.@text$' ? null : String(evaluate(text!, vars)),
        allowed: String(evaluate(allowed!, vars)),
        deadline: deadline === undefined ? 1500 : Number(evaluate(deadline, vars)),
      };
    });
}

/**
 * The player as rAthena's script engine would see them. Strings are byte strings (one character
 * per byte, as rAthena holds them): `bytes()` makes one from text in a client codepage.
 */
export interface ScriptPlayer {
  charId: number;
  name: string;
  level: number;
  job: string;
  zeny: number;
  map: string;
  x: number;
  y: number;
}

export interface AskOutcome {
  id: number;
  /** What F_NpcBrain_Ask leaves in @npcbrain_status$ (done | failed | expired | timeout | error). */
  status: string;
  /** Its return value: 1 = act on the reply, 0 = run the scripted default. */
  returned: 0 | 1;
  /** The reply variables (`@npcbrain_action$`, `@npcbrain_say$`, …) as the script has them (byte strings). */
  vars: Record<string, ScriptValue>;
  polls: number;
  /** From the INSERT to the last poll (what the player waited). */
  waitedMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A pool that talks to MariaDB as rAthena's map-server does: the SQL text is bytes (the script's
 * strings, unconverted), so a client's CP1252 or a cut UTF-8 sequence reaches the server as is. A
 * JS string stands for those bytes one character per byte (the binary collation sends each as one
 * byte), and results come back as bytes.
 */
export function scriptPool(opts: PoolConfig): Pool {
  return mariadb.createPool({ ...opts, collation: 'binary', bigIntAsNumber: true, insertIdAsNumber: true });
}

/** Runs F_NpcBrain_Ask's SQL the way the script does, on one connection of a `scriptPool` (as the map server has one). */
export async function replayAsk(pool: Pool, fn: AskFunction, call: AskCall, player: ScriptPlayer, typed = ''): Promise<AskOutcome> {
  const db = await pool.getConnection();
  try {
    return await replayOn(db, fn, call, player, typed);
  } finally {
    await db.release();
  }
}

type Queryable = { query(opts: { sql: string; rowsAsArray: boolean }): Promise<unknown> };

/** A result value as a script variable: bytes as a byte string, numbers as numbers. */
const scriptValue = (name: string, v: unknown): ScriptValue => {
  const s = Buffer.isBuffer(v) ? v.toString('latin1') : v;
  return name.endsWith('$') ? String(s ?? '') : Number(s ?? 0);
};

async function replayOn(db: Queryable, fn: AskFunction, call: AskCall, player: ScriptPlayer, typed: string): Promise<AskOutcome> {
  let text = call.text ?? typed;
  if (text.length > fn.textLimit) text = text.slice(0, fn.textLimit - 1); // getstrlen/substr count bytes
  const [pNpc, pEvent, pText, pAllowed, pDeadline] = fn.params;
  const vars: Record<string, ScriptValue> = {
    [pNpc!]: call.npcId, [pEvent!]: call.event, [pText!]: text, [pAllowed!]: call.allowed, [pDeadline!]: call.deadline,
    'getcharid(0)': player.charId, 'strcharinfo(0)': player.name, BaseLevel: player.level, 'jobname(Class)': player.job,
    Zeny: player.zeny, '.@map$': player.map, '.@x': player.x, '.@y': player.y,
  };
  /** query_sql: the rows, or -1 on an SQL error (rAthena prints the error and the script goes on). */
  const run = async (q: QueryCall): Promise<unknown[][] | -1> => {
    try {
      const res: unknown = await db.query({ sql: String(evaluate(q.expr, vars)), rowsAsArray: true });
      return Array.isArray(res) ? (res as unknown[][]) : [];
    } catch {
      return -1;
    }
  };
  const out: Record<string, ScriptValue> = {};
  const t0 = performance.now();
  const done = (status: string, id: number, polls: number): AskOutcome =>
    ({ id, status, returned: status === 'done' ? 1 : 0, vars: out, polls, waitedMs: performance.now() - t0 });
  if ((await run(fn.insert)) === -1) return done('error', 0, 0);
  const own = await run(fn.ownRow);
  if (own === -1 || own.length < 1) return done('error', 0, 0);
  const id = Number(own[0]![0]);
  vars['.@id'] = id;
  const end = t0 + call.deadline + fn.graceMs;
  let wait = fn.firstSleepMs;
  let status = 'new';
  let polls = 0;
  for (;;) {
    const left = end - performance.now();
    if (left <= 0) break;
    await sleep(Math.min(wait, left));
    polls++;
    const rows = await run(fn.poll);
    if (rows === -1 || rows.length < 1) {
      status = 'error';
      break;
    }
    status = String(scriptValue('.@status$', rows[0]![0]));
    if (status !== 'new' && status !== 'claimed') break;
    if (wait < fn.maxSleepMs) wait *= 2;
  }
  const waitedMs = performance.now() - t0;
  if (status === 'new' || status === 'claimed') {
    await run(fn.giveUp);
    status = 'timeout';
  }
  if (status !== 'done') return { ...done(status, id, polls), waitedMs };
  const rows = await run(fn.reply);
  if (rows === -1 || rows.length < 1) return { ...done('error', id, polls), waitedMs };
  const row = rows[0]!;
  if (row.length !== fn.reply.outputs.length) throw new Error(`the reply query returned ${row.length} columns for ${fn.reply.outputs.length} script variables`);
  fn.reply.outputs.forEach((name, i) => (out[name] = scriptValue(name, row[i])));
  return { ...done('done', id, polls), waitedMs };
}
