import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Static enforcement of "every Lua script touches only the keys it declares in KEYS" (DragonFly
 * refuses a script that touches an undeclared key unless a hashtag lock happens to cover it).
 *
 * Scripts are found as they are written in this repository: string and template literals in
 * TypeScript/JavaScript that contain `redis.call(` / `redis.pcall(` (an interpolation such as
 * `${PRELUDE}` is itself a literal of its own, checked on its own), and `.lua` files. Each
 * `redis.call`/`redis.pcall` is parsed; its command name must be a string literal that the table
 * below knows, and every argument in a key position must be `KEYS[…]` or a local assigned only
 * from `KEYS[…]`. Where a script is registered with `defineCommand(…, { numberOfKeys: N, lua: X })`
 * in the same file, its literal `KEYS[n]` indices must not exceed N.
 */

export interface LuaScript {
  /** Repository-relative file and 1-based line where the literal starts. */
  file: string;
  line: number;
  /** The variable the literal is assigned to, when it is (`const CLAIM_LUA = …`). */
  name?: string;
  source: string;
  /** `numberOfKeys` of the defineCommand that registers it in the same file, when found. */
  declaredKeys?: number;
}

export interface LuaKeyViolation {
  file: string;
  line: number;
  script?: string;
  call: string;
  problem: string;
}

/** Which arguments (0-based, after the command name) are keys. */
type KeySpec = 'none' | 'first' | 'all' | 'odd' | 'second';

const COMMANDS: Record<string, KeySpec> = {};
const spec = (s: KeySpec, names: string) => names.split(/\s+/).filter(Boolean).forEach((n) => (COMMANDS[n] = s));
spec('none', 'TIME PUBLISH SPUBLISH PING ECHO');
spec('all', 'DEL UNLINK EXISTS TOUCH MGET WATCH');
spec('odd', 'MSET MSETNX');
spec('second', 'XGROUP OBJECT');
spec('first', `
  GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX APPEND STRLEN INCR INCRBY INCRBYFLOAT DECR DECRBY
  EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL PERSIST TYPE
  HGET HSET HSETNX HMGET HMSET HDEL HLEN HGETALL HINCRBY HINCRBYFLOAT HEXISTS HKEYS HVALS HSCAN
  LPUSH RPUSH LPOP RPOP LRANGE LTRIM LREM LLEN LINDEX LSET
  SADD SREM SISMEMBER SMEMBERS SCARD SPOP SRANDMEMBER
  ZADD ZREM ZRANGE ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREMRANGEBYSCORE ZREMRANGEBYRANK
  ZCARD ZSCORE ZINCRBY ZCOUNT ZRANK ZREVRANK ZPOPMIN ZPOPMAX
  XADD XTRIM XLEN XACK XDEL XRANGE XREVRANGE XCLAIM XAUTOCLAIM XPENDING XINFO
`);

/** Lua source with comments removed and string contents blanked (same length, same lines). */
function blankLua(src: string): { code: string; strings: Map<number, string> } {
  const strings = new Map<number, string>();
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '-' && src[i + 1] === '-') {
      const long = /^--\[(=*)\[/.exec(src.slice(i));
      const close = long ? src.indexOf(`]${long[1]}]`, i) : src.indexOf('\n', i);
      const stop = close < 0 ? src.length : long ? close + long[1]!.length + 2 : close;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    const longStr = c === '[' ? /^\[(=*)\[/.exec(src.slice(i)) : null;
    if (c === "'" || c === '"' || longStr) {
      let j: number;
      if (longStr) {
        const close = src.indexOf(`]${longStr[1]}]`, i);
        j = close < 0 ? src.length : close + longStr[1]!.length + 2;
      } else {
        j = i + 1;
        while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
        j = Math.min(src.length, j + 1);
      }
      strings.set(i, src.slice(i, j));
      out += src[i] + src.slice(i + 1, j - 1).replace(/[^\n]/g, '_') + (j - 1 > i ? src[j - 1] : '');
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return { code: out, strings };
}

/** Splits the text between the parentheses at `open` into top-level arguments; returns them and the end. */
function callArgs(code: string, open: number): { args: { text: string; at: number; length: number }[]; end: number } {
  const args: { text: string; at: number; length: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        if (code.slice(start, i).trim()) args.push({ text: code.slice(start, i).trim(), at: start, length: i - start });
        return { args, end: i };
      }
    } else if (c === ',' && depth === 1) {
      args.push({ text: code.slice(start, i).trim(), at: start, length: i - start });
      start = i + 1;
    }
  }
  return { args, end: code.length };
}

const KEYS_REF = /^KEYS\s*\[\s*([^\]]+?)\s*\]$/;

/** Checks one script; returns its violations (empty when every key comes from KEYS). */
export function checkLuaScript(script: LuaScript): LuaKeyViolation[] {
  const { code, strings } = blankLua(script.source);
  const out: LuaKeyViolation[] = [];
  const lineOf = (at: number) => script.line + (script.source.slice(0, at).match(/\n/g)?.length ?? 0);
  const report = (at: number, call: string, problem: string) =>
    out.push({ file: script.file, line: lineOf(at), ...(script.name ? { script: script.name } : {}), call: call.replace(/\s+/g, ' ').slice(0, 160), problem });

  // Locals bound only to KEYS[…] may stand for a key.
  const assigned = new Map<string, boolean>();
  for (const m of code.matchAll(/(?:^|[^\w.])(?:local\s+)?([A-Za-z_]\w*)\s*=(?!=)\s*([^\n;]+)/g)) {
    const name = m[1]!;
    const fromKeys = KEYS_REF.test(m[2]!.trim());
    assigned.set(name, (assigned.get(name) ?? true) && fromKeys);
  }
  const isKey = (arg: string) => KEYS_REF.test(arg) || (/^[A-Za-z_]\w*$/.test(arg) && assigned.get(arg) === true);

  let maxIndex = 0;
  for (const m of code.matchAll(/KEYS\s*\[\s*(\d+)\s*\]/g)) maxIndex = Math.max(maxIndex, Number(m[1]));
  if (script.declaredKeys !== undefined && maxIndex > script.declaredKeys) {
    report(0, `KEYS[${maxIndex}]`, `uses KEYS[${maxIndex}] but is registered with numberOfKeys ${script.declaredKeys}`);
  }

  for (const m of code.matchAll(/(?<![\w.])redis\s*\.\s*p?call\s*\(/g)) {
    const open = m.index + m[0].length - 1;
    const { args, end } = callArgs(code, open);
    const call = script.source.slice(m.index, end + 1);
    const first = args[0];
    const literal = first ? strings.get(first.at + code.slice(first.at).search(/\S/)) : undefined;
    if (!first || !literal || literal.length < 2) {
      report(m.index, call, 'the command is not a string literal: its keys cannot be checked');
      continue;
    }
    const command = literal.slice(1, -1).toUpperCase();
    const keySpec = COMMANDS[command];
    if (!keySpec) {
      report(m.index, call, `command ${command} is not in the analyzer's table (packages/testing/src/lua-keys.ts): add its key positions`);
      continue;
    }
    const rest = args.slice(1);
    const keyArgs = keySpec === 'none' ? [] : keySpec === 'first' ? rest.slice(0, 1) : keySpec === 'second' ? rest.slice(1, 2)
      : keySpec === 'odd' ? rest.filter((_, i) => i % 2 === 0) : rest;
    if (keySpec !== 'none' && keyArgs.length === 0) report(m.index, call, `${command} without a key argument`);
    for (const k of keyArgs) {
      const original = script.source.slice(k.at, k.at + k.length).trim();
      if (!isKey(k.text)) report(m.index, call, `${command} touches ${JSON.stringify(original)}, which is not a declared key (KEYS[…])`);
    }
  }
  return out;
}

const SCRIPT_MARK = /(?<![\w.])redis\s*\.\s*p?call\s*\(/;

/** The Lua scripts written as literals in one TypeScript/JavaScript source. */
export function luaLiteralsOf(file: string, text: string): LuaScript[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const found: (LuaScript & { node: ts.Node })[] = [];
  const declared = new Map<string, number>();
  const visit = (node: ts.Node) => {
    let source: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) source = node.text;
    else if (ts.isTemplateExpression(node)) source = node.head.text + node.templateSpans.map((s) => `\n${s.literal.text}`).join('');
    if (source !== undefined && SCRIPT_MARK.test(source)) {
      const parent = node.parent;
      const name = parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      found.push({ file, line, source, node, ...(name ? { name } : {}) });
    }
    // defineCommand(name, { numberOfKeys: N, lua: IDENT })
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'defineCommand') {
      const opts = node.arguments[1];
      if (opts && ts.isObjectLiteralExpression(opts)) {
        let keys: number | undefined;
        let lua: string | undefined;
        for (const p of opts.properties) {
          if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
          if (p.name.text === 'numberOfKeys' && ts.isNumericLiteral(p.initializer)) keys = Number(p.initializer.text);
          if (p.name.text === 'lua' && ts.isIdentifier(p.initializer)) lua = p.initializer.text;
        }
        if (keys !== undefined && lua) declared.set(lua, keys);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found.map(({ node: _node, ...s }) => (s.name && declared.has(s.name) ? { ...s, declaredKeys: declared.get(s.name)! } : s));
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.turbo', 'coverage', 'dist', 'var']);

/** Every Lua script of the repository under `roots` (TS/JS literals and `.lua` files), node_modules excluded. */
export function findLuaScripts(repoRoot: string, roots: readonly string[], exclude: readonly string[] = []): LuaScript[] {
  const scripts: LuaScript[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (SKIP_DIRS.has(entry)) continue;
      const path = join(dir, entry);
      const rel = relative(repoRoot, path);
      if (exclude.includes(rel)) continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (/\.lua$/.test(entry)) {
        // A `.lua` file declares its key count on its first line (`-- keys: N`, read by defineScripts;
        // `-- keys: *` takes the count per call, so no index bound is checked).
        const source = readFileSync(path, 'utf8');
        const header = /^--\s*keys:\s*(\d+)\s*$/.exec(source.split('\n', 1)[0] ?? '');
        scripts.push({ file: rel, line: 1, source, ...(header ? { declaredKeys: Number(header[1]) } : {}) });
      }
      else if (/\.(ts|mts|js|mjs)$/.test(entry) && !entry.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        if (SCRIPT_MARK.test(text)) scripts.push(...luaLiteralsOf(rel, text));
      }
    }
  };
  for (const r of roots) walk(join(repoRoot, r));
  return scripts;
}
