import { KAFRA } from '@npc/testing';
import { runLoad } from '../load';
import { ChaosStack, putNpc } from '../stack';
import { check, finish, ids, kafraAsk, settleStored, type ScenarioOptions, type ScenarioResult } from './common';

/** 1. kill -9 of a rules worker under load: every request answered, every decision stored. */
export async function workerKill(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const st = await ChaosStack.start();
  try {
    // Jobs take 100 ms so the victim dies holding some; a short lock lets the survivor take them over.
    const lock = { WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', WORKER_FAULT_DELAY_MS: '100' };
    const [gw, victim] = await Promise.all([st.gateway(), st.rulesWorker(lock), st.rulesWorker(lock)]);
    await putNpc(gw.url, st.key, 'kafra1', KAFRA);
    let killedAt = 0;
    let killedAfterS = 0;
    let aliveAtKill = false;
    let activeAtKill = 0;
    const load = runLoad({
      url: gw.url, key: st.key, rate: o.rate, durationMs: o.seconds * 1000, body: (i) => kafraAsk(i, 1000),
      onTick: async (elapsed) => {
        if (!killedAt && elapsed >= o.seconds * 400) {
          activeAtKill = load.inFlight().length;
          aliveAtKill = victim.child.exitCode === null && victim.child.signalCode === null;
          killedAt = Date.now();
          killedAfterS = elapsed / 1000;
          await victim.stop('SIGKILL');
          o.log?.(`  kill -9 worker pid ${victim.child.pid} at ${(elapsed / 1000).toFixed(1)} s with ${activeAtKill} requests in flight`);
        }
      },
    });
    const results = await load.done;
    const answered = ids(results);
    const stored = await settleStored(st, answered, 20_000);
    const fallback = answered.length
      ? ((await st.db.pool.query<{ n: number }>(`select count(*)::int as n from ${st.iso.DATABASE_SCHEMA}.decisions where id = any($1::uuid[]) and answered_by like 'gateway-fallback:%'`, [answered])).rows[0]?.n ?? 0)
      : 0;
    const lost = results.length - answered.length + (answered.length - stored);
    return finish('worker-kill', t0, results, stored, lost, {
      'killed after (s of load)': Math.round(killedAfterS * 10) / 10,
      'requests in flight at the kill': activeAtKill,
      'answered by the gateway fallback': fallback,
    }, [
      check('a live worker was killed under load', killedAt > 0 && aliveAtKill, aliveAtKill ? undefined : `the worker had already exited (code ${victim.child.exitCode}) before the kill: ${victim.output().slice(-600)}`),
      check('every request answered', answered.length === results.length),
      check('every decision stored', stored === answered.length),
    ], st);
  } finally {
    await st.close();
  }
}
