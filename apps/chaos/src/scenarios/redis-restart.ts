import { KAFRA } from '@npc/testing';
import { ScratchRedis, until } from '../infra';
import { runLoad } from '../load';
import { ChaosStack, putNpc, ready } from '../stack';
import { between, check, finish, ids, kafraAsk, pollReadiness, settleStored, type ScenarioOptions, type ScenarioResult } from './common';

/** 2. Redis restart under load: answers from in-process rules, /health/ready 503 then 200 by itself. */
export async function redisRestart(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const redis = await ScratchRedis.start();
  const st = await ChaosStack.start({ REDIS_URL: redis.url });
  try {
    const [gw] = await Promise.all([st.gateway(), st.rulesWorker()]);
    await putNpc(gw.url, st.key, 'kafra1', KAFRA);
    let downAt = 0;
    let upAt = 0;
    const poller = pollReadiness(gw.url);
    const readiness = poller.readings;
    const load = runLoad({
      url: gw.url, key: st.key, rate: o.rate, durationMs: o.seconds * 1000, body: (i) => kafraAsk(i, 300),
      onTick: async (elapsed) => {
        if (!downAt && elapsed >= o.seconds * 300) {
          downAt = Date.now();
          await redis.down();
          o.log?.(`  Redis (port ${redis.port}) killed at ${(elapsed / 1000).toFixed(1)} s`);
        } else if (downAt && !upAt && Date.now() - downAt >= o.outageSeconds * 1000) {
          await redis.up();
          upAt = Date.now();
          o.log?.(`  Redis started again at ${(elapsed / 1000).toFixed(1)} s`);
        }
      },
    });
    const results = await load.done;
    if (!upAt) {
      await redis.up();
      upAt = Date.now();
    }
    const recovered = await until(async () => (await ready(gw.url)) === 200, 30_000, 200);
    const recoveredAt = Date.now();
    await poller.stop();
    const firstOkAfterUp = readiness.find((r) => r.at >= upAt && r.status === 200)?.at ?? recoveredAt;
    const during = between(results, downAt, upAt);
    const duringAnswered = during.filter((r) => r.status === 200);
    const answered = ids(results);
    const stored = await settleStored(st, answered, 20_000);
    const lost = results.length - answered.length + (answered.length - stored);
    const maxDuring = Math.max(0, ...duringAnswered.map((r) => r.endedAt - r.startedAt));
    return finish('redis-restart', t0, results, stored, lost, {
      'Redis down (s)': Math.round((upAt - downAt) / 100) / 10,
      'requests while Redis was down': during.length,
      'answered while down (rules, in-process)': duringAnswered.filter((r) => r.source === 'rules').length,
      'slowest answer while down (ms)': maxDuring,
      '/health/ready 503 seen': readiness.filter((r) => r.at >= downAt && r.at < upAt && r.status === 503).length,
      'ready again after restart (s)': Math.round((firstOkAfterUp - upAt) / 100) / 10,
    }, [
      check('answered from in-process rules while Redis was down', during.length > 0 && duringAnswered.length === during.length && duringAnswered.every((r) => r.source === 'rules')),
      check('answers while down came before their 300 ms deadline', maxDuring < 300 + 200, `${maxDuring} ms`),
      check('/health/ready said 503 while Redis was down', readiness.some((r) => r.at >= downAt && r.at < upAt && r.status === 503)),
      check('/health/ready recovered by itself', recovered),
      check('every request answered', answered.length === results.length),
    ], st);
  } finally {
    await st.close();
    await redis.close();
  }
}
