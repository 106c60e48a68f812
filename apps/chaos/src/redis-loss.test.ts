import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFRA } from '@npc/testing';
import { ScratchRedis, sleep, until } from './infra';
import { ChaosStack, putNpc, type GatewayProc } from './stack';

/**
 * Redis dies before the decision log reached PostgreSQL: with the log writer switched off, every
 * answered decision sits in the Redis stream only. Redis is SIGKILLed (no persistence) and started
 * again: the gateway stores the decisions it answered last once its connection is back.
 */
describe('Redis lost with unwritten decision-log entries', () => {
  let redis: ScratchRedis;
  let st: ChaosStack;
  let gw: GatewayProc;
  beforeAll(async () => {
    redis = await ScratchRedis.start();
    st = await ChaosStack.start({ REDIS_URL: redis.url });
    [gw] = await Promise.all([st.gateway({ DECISION_LOG_WRITER: 'false' }), st.rulesWorker()]);
    await putNpc(gw.url, st.key, 'kafra1', KAFRA);
  }, 60_000);
  afterAll(async () => {
    await st?.close();
    await redis?.close();
  });

  it('the decisions answered before the crash are stored once Redis is back', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${gw.url}/v1/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${st.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ npc: { id: 'kafra1' }, player: { id: `p${i}` }, event: { type: 'talk', text: 'warp me to geffen' }, allowedActions: ['warp', 'talk'], deadlineMs: 2000 }),
      });
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { decisionId: string }).decisionId);
    }
    await sleep(500);
    expect(await st.stored(ids)).toBe(0); // only in the Redis stream so far
    await redis.down();
    await sleep(300);
    await redis.up();
    const all = await until(async () => (await st.stored(ids)) === ids.length, 20_000, 250);
    expect(await st.stored(ids), 'stored after Redis came back').toBe(ids.length);
    expect(all).toBe(true);
    expect(st.logs()).toMatch(/re-storing the most recent decisions/);
  }, 60_000);
});
