/**
 * Test helper: reads the example rAthena scripts (deploy/rathena/npc/*.txt) and replays exactly
 * the SQL they issue. `query_sql(<string expression>, <output variables>…)` calls are extracted
 * from the script text, their string concatenations evaluated with concrete values for the
 * script variables, and the outputs mapped onto the script's variables by position, as rAthena
 * does. An expression the replay does not know (a script changed incompatibly) throws.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'mariadb';

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
  lastId: QueryCall;
  poll: QueryCall;
  giveUp: QueryCall;
  sleepMs: number;
  /** The parameters it reads: `.@npc_id$ = getarg(0)` … */
  params: string[];
}

export function loadAskFunction(src = readScript('npc_brain.txt')): AskFunction {
  const qs = calls(src, 'query_sql').map(([expr, ...outputs]) => ({ expr: expr!, outputs }));
  const first = (q: QueryCall) => String(evaluate(splitTop(q.expr, '+')[0]!, {})).trimStart();
  const pick = (re: RegExp) => {
    const found = qs.filter((q) => re.test(first(q)));
    if (found.length !== 1) throw new Error(`npc_brain.txt: expected one query_sql matching ${re}, found ${found.length}`);
    return found[0]!;
  };
  if (qs.length !== 4) throw new Error(`npc_brain.txt: expected 4 query_sql calls, found ${qs.length}`);
  const code = stripComments(src);
  const sleep = /sleep2\s+(\d+)\s*;/.exec(code);
  if (!sleep) throw new Error('npc_brain.txt: no sleep2 in the poll loop');
  if (!/\.@polls\s*=\s*\.@deadline\s*\/\s*100\s*\+\s*3\s*;/.test(code)) throw new Error('npc_brain.txt: the poll bound changed (.@polls = .@deadline / 100 + 3)');
  const params: string[] = [];
  for (const m of code.matchAll(/(\.@[a-z_]+\$?)\s*=\s*getarg\((\d+)/g)) params[Number(m[2])] = m[1]!;
  return { insert: pick(/^INSERT INTO npc_brain_requests/), lastId: pick(/^SELECT LAST_INSERT_ID\(\)/), poll: pick(/^SELECT status/), giveUp: pick(/^UPDATE npc_brain_requests/), sleepMs: Number(sleep[1]), params };
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

/** The player as rAthena's script engine would see them. */
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
  /** What F_NpcBrain_Ask leaves in @npcbrain_status$ (done | failed | expired | timeout). */
  status: string;
  /** Its return value: 1 = act on the reply, 0 = run the scripted default. */
  returned: 0 | 1;
  /** The poll's output variables (`.@action$`, `.@say$`, …) as the script last saw them. */
  vars: Record<string, ScriptValue>;
  polls: number;
  /** From the INSERT to the last poll (what the player waited). */
  waitedMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs F_NpcBrain_Ask's SQL the way the script does, on one connection (as the map server has one). */
export async function replayAsk(pool: Pool, fn: AskFunction, call: AskCall, player: ScriptPlayer, typed = ''): Promise<AskOutcome> {
  const db = await pool.getConnection();
  try {
    return await replayOn(db, fn, call, player, typed);
  } finally {
    await db.release();
  }
}

type Queryable = { query(opts: { sql: string; rowsAsArray: boolean }): Promise<unknown> };

async function replayOn(db: Queryable, fn: AskFunction, call: AskCall, player: ScriptPlayer, typed: string): Promise<AskOutcome> {
  let text = call.text ?? typed;
  if (Buffer.byteLength(text) > 200) text = text.slice(0, 200); // getstrlen > 200 → substr(.@text$, 0, 199)
  const [pNpc, pEvent, pText, pAllowed, pDeadline] = fn.params;
  const vars: Record<string, ScriptValue> = {
    [pNpc!]: call.npcId, [pEvent!]: call.event, [pText!]: text, [pAllowed!]: call.allowed, [pDeadline!]: call.deadline,
    'getcharid(0)': player.charId, 'strcharinfo(0)': player.name, BaseLevel: player.level, 'jobname(Class)': player.job,
    Zeny: player.zeny, '.@map$': player.map, '.@x': player.x, '.@y': player.y,
  };
  const run = async (q: QueryCall): Promise<unknown[][]> => {
    const res: unknown = await db.query({ sql: String(evaluate(q.expr, vars)), rowsAsArray: true });
    return Array.isArray(res) ? (res as unknown[][]) : [];
  };
  const t0 = performance.now();
  await run(fn.insert);
  const idRows = await run(fn.lastId);
  const id = Number(idRows[0]?.[0]);
  vars['.@id'] = id;
  let status = '';
  const out: Record<string, ScriptValue> = {};
  const bound = Math.floor(call.deadline / 100) + 3;
  let polls = 0;
  for (; polls < bound; ) {
    await sleep(fn.sleepMs);
    polls++;
    const rows = await run(fn.poll);
    const row = rows[0] ?? [];
    if (row.length !== fn.poll.outputs.length) throw new Error(`poll returned ${row.length} columns for ${fn.poll.outputs.length} script variables`);
    fn.poll.outputs.forEach((name, i) => {
      const v = row[i];
      out[name] = name.endsWith('$') ? String(v ?? '') : Number(v ?? 0);
    });
    status = String(out[fn.poll.outputs[0]!]);
    if (status !== 'new' && status !== 'claimed') break;
  }
  const waitedMs = performance.now() - t0;
  if (status === 'new' || status === 'claimed') {
    await run(fn.giveUp);
    status = 'timeout';
  }
  return { id, status, returned: status === 'done' ? 1 : 0, vars: out, polls, waitedMs };
}
