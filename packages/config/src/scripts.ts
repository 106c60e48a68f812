import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cluster, Redis } from 'ioredis';

/**
 * The one way this project registers Lua: each script is a `.lua` file in a `lua/` folder beside
 * the module that runs it, and declares its own key count on its first line:
 *
 *     -- keys: 3
 *
 * or `-- keys: *` for a script over a variable number of keys: its caller then passes the key
 * count first, as with EVAL (`call(2, keyA, keyB, arg)`).
 *
 * `defineScripts` reads each file once per process, registers it on a connection with ioredis's
 * `defineCommand` (EVALSHA, falling back to EVAL on NOSCRIPT) unless that connection already has
 * it, and returns typed callers. Keeping the scripts as files lets the static check of
 * `@npc/testing` (lua-keys.ts) read exactly what Redis/DragonFly run, and keeps Lua out of
 * TypeScript strings.
 */

type RedisLike = Redis | Cluster;

/** A script's call: its KEYS first (as many as its header says; for `keys: *`, their count before them), then its ARGV. */
export type ScriptCall<R = unknown> = (...keysThenArgs: (string | number)[]) => Promise<R>;

/** A script's source and its key count (`'*'`: given by each call, before the keys). */
export interface LuaScriptSource {
  lua: string;
  keys: number | '*';
}

const sources = new Map<string, LuaScriptSource>();

/** Reads a `.lua` file and its `-- keys: N` (or `-- keys: *`) header (cached: files are read once per process). */
export function readLuaScript(file: URL): LuaScriptSource {
  const path = fileURLToPath(file);
  let script = sources.get(path);
  if (!script) {
    const lua = readFileSync(path, 'utf8');
    const m = /^--\s*keys:\s*(\d+|\*)\s*$/m.exec(lua.split('\n', 1)[0] ?? '');
    if (!m) throw new Error(`${path}: the first line must declare the script's key count ("-- keys: N", or "-- keys: *")`);
    script = { lua, keys: m[1] === '*' ? '*' : Number(m[1]) };
    sources.set(path, script);
  }
  return script;
}

/**
 * Registers `scripts` (command name → `.lua` file URL) on `redis` and returns their callers, bound
 * to that connection. Command names are global per connection, so give each a project prefix
 * (`npcFinalize`, `npcBudgetReserve`…).
 */
export function defineScripts<const S extends Record<string, URL>>(redis: RedisLike, scripts: S): { [K in keyof S]: ScriptCall } {
  // Callers on a hot path (finalize, once per decision) call this per use: the callers bound to a
  // connection are made once per (connection, script set) and handed back after.
  let byScripts = bound.get(redis);
  if (!byScripts) bound.set(redis, (byScripts = new WeakMap()));
  const known = byScripts.get(scripts) as { [K in keyof S]: ScriptCall } | undefined;
  if (known) return known;
  const target = redis as unknown as Record<string, unknown>;
  const out = {} as { [K in keyof S]: ScriptCall };
  for (const [name, file] of Object.entries(scripts) as [keyof S & string, URL][]) {
    if (typeof target[name] !== 'function') {
      const { lua, keys } = readLuaScript(file);
      redis.defineCommand(name, keys === '*' ? { lua } : { numberOfKeys: keys, lua });
    }
    const fn = target[name] as (...a: (string | number)[]) => Promise<unknown>;
    out[name] = (...a) => fn.apply(redis, a);
  }
  byScripts.set(scripts, out);
  return out;
}

const bound = new WeakMap<RedisLike, WeakMap<object, Record<string, ScriptCall>>>();
