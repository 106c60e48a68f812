import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLuaScript, findLuaScripts, type LuaScript } from './lua-keys';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SELF = 'packages/testing/src/lua-keys.test.ts';

const sample = (source: string, declaredKeys?: number): LuaScript => ({ file: 'sample.lua', line: 1, source, ...(declaredKeys ? { declaredKeys } : {}) });

describe('Lua scripts touch only the keys they declare (DragonFly refuses the others)', () => {
  it('the analyzer flags an undeclared key, a computed command, an unknown command and a KEYS index past numberOfKeys', () => {
    // The lease-claim script as it was: the winner's intention index built from ARGV.
    const old = sample(`local best = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
local ik = ARGV[6] .. best
redis.call('ZREMRANGEBYSCORE', ik, '-inf', now)
redis.call('ZADD', ik, exp, ARGV[7])`);
    const v = checkLuaScript(old);
    expect(v.map((x) => x.line)).toEqual([3, 4]);
    expect(v[0]!.problem).toMatch(/"ik", which is not a declared key/);
    expect(checkLuaScript(sample("local c = ARGV[1]\nredis.call(c, KEYS[1])"))[0]!.problem).toMatch(/not a string literal/);
    expect(checkLuaScript(sample("redis.call('FLUSHALL')"))[0]!.problem).toMatch(/not in the analyzer's table/);
    expect(checkLuaScript(sample("redis.call('DEL', KEYS[1], 'other')"))[0]!.problem).toMatch(/"'other'"/);
    expect(checkLuaScript(sample("redis.call('GET', KEYS[3])", 2))[0]!.problem).toMatch(/numberOfKeys 2/);
    // …and accepts what is fine: keys through locals bound to KEYS, loops over KEYS, channels, strings and comments that look like calls.
    expect(checkLuaScript(sample(`local key = KEYS[1]
for i = 1, 4 do redis.call('EXPIREAT', KEYS[i], 10) end
redis.call('INCR', key)
redis.call('PUBLISH', ARGV[1], 'redis.call("DEL", ARGV[2])')
-- redis.call('DEL', ARGV[3])
local t = redis.pcall('TIME')`, 4))).toEqual([]);
  });

  it('every script of the repository (TypeScript literals and .lua files, node_modules excluded) passes', () => {
    const scripts = findLuaScripts(ROOT, ['apps', 'packages', 'deploy', 'scripts', 'migrations'], [SELF]);
    const violations = scripts.flatMap(checkLuaScript);
    const files = new Set(scripts.map((s) => s.file));
    const counted = scripts.filter((s) => s.declaredKeys !== undefined).length;
    console.log(`Lua key check: ${scripts.length} scripts in ${files.size} files (${counted} with numberOfKeys checked), ${violations.length} violations`);
    for (const v of violations) console.log(`  ${v.file}:${v.line} ${v.script ?? ''} ${v.call}: ${v.problem}`);
    expect(violations).toEqual([]);
    // The scan must see the scripts we know of, or it proves nothing.
    expect([...files]).toEqual(expect.arrayContaining([
      'packages/pipeline/src/answer/lua/finalize.lua', 'packages/cost/src/lua/budget.lua', 'packages/cost/src/lua/quota-take.lua',
      'packages/llm/src/lua/provider-rate.lua',
      ...['claim', 'release', 'renew', 'commit'].map((s) => `packages/agent/src/coordination/lua/${s}.lua`),
      ...['read', 'remember', 'seed'].map((s) => `packages/agent/src/memory/lua/${s}.lua`),
      'packages/agent/src/difficulty/lua/skill-write.lua', 'packages/pipeline/src/cache/lua/evict.lua',
      'apps/gateway/src/rate-limit/lua/lease.lua',
    ]));
    // Each .lua file's header is read: the lease claim declares its 6 keys; the cache eviction takes its count per call.
    expect(scripts.find((s) => s.file === 'packages/agent/src/coordination/lua/claim.lua')?.declaredKeys).toBe(6);
    expect(scripts.find((s) => s.file === 'packages/pipeline/src/cache/lua/evict.lua')?.declaredKeys).toBeUndefined();
  });
});
