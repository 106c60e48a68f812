import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeRedis, createRedis, waitReady } from './redis';
import { BaseEnv, loadConfig } from './env';

const prefix = `coalesce-test:${process.pid}:${Date.now()}:`;

/** Counts the socket writes (one `write` or one `writev` each) a burst of `n` commands issued in one turn takes. */
async function burst(redis: ReturnType<typeof createRedis>, n: number): Promise<{ writes: number; replies: unknown[] }> {
  await waitReady(redis);
  const socket = redis.stream as Socket & { _write: Socket['_write']; _writev?: Socket['_writev'] };
  let writes = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev?.bind(socket);
  socket._write = (...a) => (writes++, write(...a));
  if (writev) socket._writev = (...a) => (writes++, writev(...a));
  const sent = Array.from({ length: n }, (_, i) => (i % 2 ? redis.get(`${prefix}${i - 1}`) : redis.set(`${prefix}${i}`, `v${i}`, 'EX', 60)));
  const replies = await Promise.all(sent);
  return { writes, replies };
}

describe('coalesceWrites', () => {
  it('sends the commands of one turn in one write, every reply in order (real Redis)', async () => {
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
    try {
      const { writes, replies } = await burst(redis, 200);
      expect(writes).toBe(1);
      replies.forEach((r, i) => expect(r).toBe(i % 2 ? `v${i - 1}` : 'OK'));
      // The next turn is corked and flushed again.
      const again = await burst(redis, 10);
      expect(again.writes).toBe(1);
    } finally {
      await redis.del(...Array.from({ length: 100 }, (_, i) => `${prefix}${i * 2}`));
      await closeRedis(redis);
    }
  });

  it('REDIS_COALESCE_WRITES=false writes each command at once', async () => {
    const redis = createRedis(loadConfig(BaseEnv, { REDIS_COALESCE_WRITES: 'false' }), 'worker');
    try {
      const { writes, replies } = await burst(redis, 20);
      expect(writes).toBe(20);
      expect(replies[1]).toBe('v0');
    } finally {
      await redis.del(...Array.from({ length: 10 }, (_, i) => `${prefix}${i * 2}`));
      await closeRedis(redis);
    }
  });

  it('a reconnected client is coalesced too (the new socket is patched)', async () => {
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
    try {
      await waitReady(redis);
      const first = redis.stream;
      redis.disconnect(true);
      await new Promise((r) => setTimeout(r, 50));
      await waitReady(redis);
      expect(redis.stream).not.toBe(first);
      const { writes } = await burst(redis, 50);
      expect(writes).toBe(1);
    } finally {
      await redis.del(...Array.from({ length: 25 }, (_, i) => `${prefix}${i * 2}`));
      await closeRedis(redis);
    }
  });
});
