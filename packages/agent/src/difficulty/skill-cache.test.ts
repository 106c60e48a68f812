import { describe, expect, it } from 'vitest';
import { redisKeys } from '@npc/contracts';
import { useTestRedis } from '@npc/testing';
import { SkillCache, parseSkill } from './skill-cache';

const { prefix, redis } = useTestRedis();

describe('SkillCache', () => {
  it('reads null for an unknown player, then what was written', async () => {
    const cache = new SkillCache(redis, prefix);
    expect(await cache.read('nobody')).toBeNull();
    expect(await cache.write('p1', { mu: 30, sigma: 7, matches: 1, wins: 1, losses: 0 })).toBe(true);
    expect(await cache.read('p1')).toEqual({ mu: 30, sigma: 7 });
    expect(JSON.parse((await redis.get(redisKeys(prefix).playerSkill('p1')))!)).toMatchObject({ matches: 1, wins: 1 });
  });

  it('a late write of an older rating (fewer matches) never rolls the cache back', async () => {
    const cache = new SkillCache(redis, prefix);
    await cache.write('p2', { mu: 33, sigma: 6, matches: 3, wins: 3, losses: 0 });
    expect(await cache.write('p2', { mu: 30, sigma: 7, matches: 2, wins: 2, losses: 0 })).toBe(false);
    expect(await cache.read('p2')).toEqual({ mu: 33, sigma: 6 });
    expect(await cache.write('p2', { mu: 31, sigma: 5.5, matches: 4, wins: 3, losses: 1 })).toBe(true);
    expect(await cache.read('p2')).toEqual({ mu: 31, sigma: 5.5 });
  });

  it('treats a malformed entry as no rating (and overwrites it)', async () => {
    const cache = new SkillCache(redis, prefix);
    await redis.set(redisKeys(prefix).playerSkill('p3'), 'not json');
    expect(await cache.read('p3')).toBeNull();
    expect(await cache.write('p3', { mu: 20, sigma: 7, matches: 1, wins: 0, losses: 1 })).toBe(true);
    expect(await cache.read('p3')).toEqual({ mu: 20, sigma: 7 });
    expect(parseSkill('{"mu":"x"}')).toBeNull();
  });
});
