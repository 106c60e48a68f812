import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisKeys } from './queues';
import { HASH_SLOTS, decisionKeys, keyPatterns, keySlot, queuePrefix, queuePrefixes, shardOf, shardTags } from './shards';

/** Redis's glob for the patterns used here: `*` and backslash escapes. */
const matches = (pattern: string, key: string) =>
  new RegExp(`^${pattern.replace(/\\(.)|\*|[.+^${}()|[\]]/g, (m, esc: string | undefined) => (esc ? `\\${esc}` : m === '*' ? '.*' : `\\${m}`))}$`).test(key);

describe('hash slots and decision shards', () => {
  it('computes Redis Cluster key slots (the values CLUSTER KEYSLOT gives in the Redis docs)', () => {
    expect(keySlot('somekey')).toBe(11058);
    expect(keySlot('foo{hash_tag}')).toBe(2515);
    expect(keySlot('bar{hash_tag}')).toBe(2515);
    expect(keySlot('{}x')).toBe(keySlot('{}x')); // an empty tag hashes the whole key
  });

  it('puts each queue on its own hashtag derived from the prefix', () => {
    expect(queuePrefix('{npc}', 'rules')).toBe('{npc:rules}');
    expect(queuePrefix('{npc-t-ab12}', 'llm')).toBe('{npc-t-ab12:llm}');
    expect(queuePrefix('app', 'rules')).toBe('{app:rules}');
    expect(keySlot(queuePrefix('{npc}', 'rules'))).not.toBe(keySlot(queuePrefix('{npc}', 'llm')));
    // RULES_QUEUE_SHARDS: the rules queue alone over several tags of its own, one in each third of the slots for 3.
    expect(queuePrefixes('{npc}', 'rules')).toEqual(['{npc:rules}']);
    expect(queuePrefixes('{npc}', 'llm', 3)).toEqual(['{npc:llm}']);
    const rules = queuePrefixes('{npc}', 'rules', 3);
    expect(rules.map((t) => Math.floor(keySlot(t) / (HASH_SLOTS / 3)))).toEqual([0, 1, 2]);
    expect(rules.every((t) => t.startsWith('{npc:rules'))).toBe(true);
    expect(rules.some((t) => shardTags('{npc}', 3).includes(t))).toBe(false);
  });

  it('one shard is the layout before sharding, key for key', () => {
    const one = decisionKeys('{npc}');
    const old = redisKeys('{npc}');
    const id = randomUUID();
    expect(one.tags).toEqual(['{npc}']);
    expect(one.decision(id)).toBe(`{npc}:decision:${id}`);
    expect(one.decision(id)).toBe(old.decision(id));
    expect(one.pending(id)).toBe(old.pending(id));
    expect(one.idempotency('k', 'r')).toBe(old.idempotency('k', 'r'));
    expect(one.log(id)).toBe(old.decisionLog);
    expect(one.logs).toEqual([old.decisionLog]);
    expect(one.legacy).toBeUndefined();
  });

  it('N shards: distinct tags whose slots spread evenly over the slot space; a decision\'s keys share one slot', () => {
    for (const n of [2, 3, 8, 16]) {
      const tags = shardTags('{npc}', n);
      expect(new Set(tags).size).toBe(n);
      tags.forEach((t, i) => {
        const slot = keySlot(t);
        expect(slot).toBeGreaterThanOrEqual(Math.floor((i * HASH_SLOTS) / n));
        expect(slot).toBeLessThan(Math.floor(((i + 1) * HASH_SLOTS) / n));
      });
      expect(shardTags('{npc}', n)).toEqual(tags); // stable
    }
    const keys = decisionKeys('{npc}', 8);
    const id = randomUUID();
    const slot = keySlot(keys.decision(id));
    expect(keySlot(keys.pending(id))).toBe(slot);
    expect(keySlot(keys.log(id))).toBe(slot);
    expect(keys.logs).toContain(keys.log(id));
  });

  it('spreads decisions and claims evenly over the shards, the same way every time', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(randomUUID(), 8)]!++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(300);
    const keys = decisionKeys('{npc}', 8);
    const claimTags = new Set(Array.from({ length: 200 }, (_, i) => keys.idempotency('key-1', `req-${i}`).split(':idem:')[0]));
    expect(claimTags.size).toBe(8);
    expect(shardOf('fixed-id', 8)).toBe(shardOf('fixed-id', 8));
  });

  it('migrating: N shards keep the one-shard layout as `legacy`', () => {
    const keys = decisionKeys('{npc}', 8, { legacy: true });
    expect(keys.legacy?.logs).toEqual(['{npc}:decision-log']);
    expect(decisionKeys('{npc}', 1, { legacy: true }).legacy).toBeUndefined();
  });

  it('keyPatterns match every key derived from the prefix and no other prefix\'s', () => {
    const prefix = '{npc-t-ab}';
    const pats = keyPatterns(prefix);
    const ours = [`${prefix}:npc:x`, `${queuePrefix(prefix, 'rules')}:rules:wait`, decisionKeys(prefix, 8).decision('d')];
    for (const k of ours) expect(pats.some((p) => matches(p, k))).toBe(true);
    for (const k of ['{npc-t-abc}:npc:x', '{npc-t-abc:rules}:rules:wait', '{npc}:npc:x']) expect(pats.some((p) => matches(p, k))).toBe(false);
  });
});
