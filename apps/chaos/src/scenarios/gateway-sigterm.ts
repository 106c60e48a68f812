import { KAFRA } from '@npc/testing';
import { runLoad, tally } from '../load';
import { ChaosStack, putNpc } from '../stack';
import { check, finish, ids, kafraAsk, settleStored, type ScenarioOptions, type ScenarioResult } from './common';

/** 4. SIGTERM to a gateway under load: in-flight requests finish, new ones are refused cleanly. */
export async function gatewaySigterm(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const st = await ChaosStack.start();
  try {
    // Jobs take 300 ms, so there are always requests in flight when the signal lands.
    const [a, b] = await Promise.all([st.gateway(), st.gateway(), st.rulesWorker({ WORKER_FAULT_DELAY_MS: '300' })]);
    await putNpc(b.url, st.key, 'kafra1', KAFRA);
    let signalAt = 0;
    let exitCode: Promise<number | null> | undefined;
    let inFlightAtSignal: number[] = [];
    const load = runLoad({
      url: a.url, key: st.key, rate: o.rate, durationMs: o.seconds * 1000, body: (i) => kafraAsk(i, 2000), timeoutMs: 5000, retryResets: 2,
      onTick: (elapsed) => {
        if (!signalAt && elapsed >= o.seconds * 500) {
          inFlightAtSignal = load.inFlight().map((r) => r.i);
          signalAt = Date.now();
          exitCode = a.proc.stop('SIGTERM');
          o.log?.(`  SIGTERM to gateway pid ${a.proc.child.pid} at ${(elapsed / 1000).toFixed(1)} s with ${inFlightAtSignal.length} requests in flight`);
        }
      },
    });
    const results = await load.done;
    const code = await exitCode;
    const flying = new Set(inFlightAtSignal);
    const inflight = results.filter((r) => flying.has(r.i));
    const before = results.filter((r) => r.startedAt < signalAt && !flying.has(r.i));
    const after = results.filter((r) => r.startedAt >= signalAt);
    const refusedCleanly = after.filter((r) => r.error === 'refused' || r.status === 503);
    const hung = results.filter((r) => r.error === 'timeout');
    const resets = results.filter((r) => r.error === 'reset');
    const retried = results.filter((r) => r.resetsRetried);
    const answered = ids(results);
    const stored = await settleStored(st, answered, 20_000);
    // Lost: what was accepted before the signal and not answered, or answered and not stored.
    const lost = [...before, ...inflight].filter((r) => r.status !== 200).length + (answered.length - stored);
    return finish('gateway-sigterm', t0, results, stored, lost, {
      'in flight at SIGTERM': inflight.length,
      'in-flight answered 200': inflight.filter((r) => r.status === 200).length,
      'sent after SIGTERM': after.length,
      'refused after (connection refused)': after.filter((r) => r.error === 'refused').length,
      'refused after (503)': after.filter((r) => r.status === 503).length,
      'answered after (accepted before close)': after.filter((r) => r.status === 200).length,
      'connection resets retried (same requestId)': retried.length,
      'retried resets answered 200': retried.filter((r) => r.status === 200).length,
      'connection resets left': resets.length,
      hangs: hung.length,
      'gateway exit code': String(code),
    }, [
      check('requests were in flight at the signal', inflight.length > 0),
      check('every in-flight request finished with its decision', inflight.every((r) => r.status === 200)),
      check('new requests refused cleanly (connection refused or 503, or answered)', after.every((r) => r.status === 200 || r.status === 503 || r.error === 'refused'), JSON.stringify(tally(after).errors)),
      check('no request hung', hung.length === 0),
      check('the gateway exited 0', code === 0),
    ], st);
  } finally {
    await st.close();
  }
}
