import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { redisKeys } from '@npc/contracts';
import { useTestRedis } from '@npc/testing';
import { Backpressure } from './backpressure';

const { prefix, redis } = useTestRedis();

describe('Backpressure', () => {
  it('sheds a queue whose oldest waiting job is too old, or which is too deep; a full log stream sheds all and closes the LLM route first', async () => {
    const queue = new Queue('rules', { connection: redis, prefix });
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
});
