import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { decisionKeys, queuePrefix, queuePrefixes, redisKeys } from '@npc/contracts';
import { useTestRedis } from '@npc/testing';
import { Backpressure } from './backpressure';

const { prefix, redis } = useTestRedis();

describe('Backpressure', () => {
  it('sheds a queue whose oldest waiting job is too old, or which is too deep; a full log stream sheds all and closes the LLM route first', async () => {
    const queue = new Queue('rules', { connection: redis, prefix: queuePrefix(prefix, 'rules') });
    const keys = redisKeys(prefix);
    const bp = new Backpressure(redis, {
      prefix, queues: ['rules', 'llm'], maxDepth: 3, maxAgeMs: 300, sampleMs: 1000,
      streams: [{ log: 'decision-log', key: keys.decisionLog }], streamCap: 10,
    });
    await bp.sample();
    expect(bp.shed('rules')).toBeNull();
    await queue.add('decide', { n: 1 });
    await bp.sample();
    expect(bp.shed('rules')).toBeNull();
    await new Promise((r) => setTimeout(r, 350));
    await bp.sample();
    expect(bp.snapshot.queues.rules!.oldestAgeMs).toBeGreaterThanOrEqual(300);
    expect(bp.shed('rules')).toBe('age');
    expect(bp.shed('llm')).toBeNull();
    await queue.obliterate({ force: true });
    await queue.addBulk([1, 2, 3].map((n) => ({ name: 'decide', data: { n } })));
    await bp.sample();
    expect(bp.shed('rules')).toBe('depth');
    for (let i = 0; i < 8; i++) await redis.xadd(keys.decisionLog, '*', 'r', '{}');
    await bp.sample();
    expect(bp.llmOpen).toBe(false);
    expect(bp.shed('llm')).toBeNull();
    for (let i = 0; i < 2; i++) await redis.xadd(keys.decisionLog, '*', 'r', '{}');
    await bp.sample();
    expect(bp.shed('llm')).toBe('log-full');
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('counts a log sharded over several streams by their sum against the cap, and the rules queues (RULES_QUEUE_SHARDS) by their sum', async () => {
    const shards = decisionKeys(prefix, 4);
    const bp = new Backpressure(redis, {
      prefix, rulesShards: 3, queues: ['rules'], maxDepth: 5, maxAgeMs: 10_000, sampleMs: 1000,
      streams: [{ log: 'decision-log', key: shards.logs }], streamCap: 10,
    });
    const rules = queuePrefixes(prefix, 'rules', 3).map((p) => new Queue('rules', { connection: redis, prefix: p }));
    await rules[0]!.addBulk([1, 2].map((n) => ({ name: 'decide', data: { n } })));
    await rules[2]!.addBulk([3, 4, 5].map((n) => ({ name: 'decide', data: { n } })));
    await bp.sample();
    expect(bp.snapshot.queues.rules!.depth).toBe(5);
    expect(bp.shed('rules')).toBe('depth');
    for (const q of rules) {
      await q.obliterate({ force: true });
      await q.close();
    }
    for (const [i, stream] of shards.logs.entries()) for (let n = 0; n < i + 1; n++) await redis.xadd(stream, '*', 'r', '{}');
    await bp.sample();
    expect(bp.snapshot.streams['decision-log']).toBe(1 + 2 + 3 + 4);
    expect(bp.shed('rules')).toBe('log-full');
    await redis.del(...shards.logs);
  });
});
