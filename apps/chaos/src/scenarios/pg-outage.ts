import { KAFRA, startFakeLlm } from '@npc/testing';
import { CuttableProxy, until } from '../infra';
import { runLoad } from '../load';
import { ChaosStack, DATABASE_URL, putNpc, ready } from '../stack';
import { BARD, bardAsk, between, check, finish, ids, kafraAsk, pollReadiness, settleStored, type ScenarioOptions, type ScenarioResult } from './common';

/** 3. PostgreSQL outage (a cut proxy): decisions go on; decision log and ledger rows are written after recovery. */
export async function pgOutage(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const target = new URL(DATABASE_URL);
  const proxy = await CuttableProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(DATABASE_URL);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const fake = await startFakeLlm({ seed: 3, latencyMs: 15 });
  const providers = [{ name: 'fake', baseURL: fake.url, model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 2000 }];
  const st = await ChaosStack.start({
    DATABASE_URL: proxied.toString(),
    LLM_PROVIDERS: JSON.stringify(providers),
    LLM_CACHE_TTL_S: '0',
    LLM_INTENT_CACHE_TTL_S: '0',
    LLM_MIN_DEADLINE_MS: '200',
    LLM_DAILY_BUDGET_USD: '1000',
    // 50 players ask all the LLM questions of a run: no daily quota here (abuse.test.ts tests them).
    LLM_QUOTA_PER_PLAYER_PER_DAY: '0',
    LLM_QUOTA_PER_KEY_PER_DAY: '0',
    NPC_CACHE_TTL_MS: '600000',
    API_KEY_CACHE_TTL_MS: '600000',
  });
  try {
    const [gw] = await Promise.all([st.gateway(), st.rulesWorker(), st.llmWorker()]);
    await putNpc(gw.url, st.key, 'kafra1', KAFRA);
    await putNpc(gw.url, st.key, 'bard1', BARD);
    // Warm up: the key and both NPCs are cached, and the LLM route is up.
    const llmUp = await until(async () => {
      const r = await fetch(`${gw.url}/v1/decisions`, { method: 'POST', headers: { authorization: `Bearer ${st.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...bardAsk(-Date.now(), 2000), requestId: undefined }) });
      return ((await r.json()) as { source?: string }).source === 'llm';
    }, 15_000, 300);
    await fetch(`${gw.url}/v1/decisions`, { method: 'POST', headers: { authorization: `Bearer ${st.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...kafraAsk(-1, 1000), requestId: undefined }) });
    let cutAt = 0;
    let restoredAt = 0;
    const poller = pollReadiness(gw.url, () => Boolean(cutAt && !restoredAt));
    const readiness = poller.readings;
    const load = runLoad({
      url: gw.url, key: st.key, rate: o.rate, durationMs: o.seconds * 1000, body: (i) => (i % 2 ? bardAsk(i, 2000) : kafraAsk(i, 1000)),
      onTick: async (elapsed) => {
        if (!cutAt && elapsed >= o.seconds * 250) {
          cutAt = Date.now();
          await proxy.cut();
          o.log?.(`  PostgreSQL cut (proxy :${proxy.port}) at ${(elapsed / 1000).toFixed(1)} s`);
        } else if (cutAt && !restoredAt && Date.now() - cutAt >= o.outageSeconds * 1000) {
          await proxy.restore();
          restoredAt = Date.now();
          o.log?.(`  PostgreSQL restored at ${(elapsed / 1000).toFixed(1)} s`);
        }
      },
    });
    const results = await load.done;
    if (process.env.CHAOS_DUMP_LOGS) (await import('node:fs')).writeFileSync(process.env.CHAOS_DUMP_LOGS, st.logs());
    if (!restoredAt) {
      await proxy.restore();
      restoredAt = Date.now();
    }
    await poller.stop();
    const recovered = await until(async () => (await ready(gw.url)) === 200, 30_000, 200);
    const answered = ids(results);
    const during = between(results, cutAt, restoredAt);
    const stored = await settleStored(st, answered, 30_000);
    const providerCalls = fake.calls().length;
    let ledger = 0;
    await until(async () => (ledger = await st.ledgerRows()) >= providerCalls, 30_000, 250);
    const lost = results.length - answered.length + (answered.length - stored) + Math.max(0, providerCalls - ledger);
    return finish('pg-outage', t0, results, stored, lost, {
      'PostgreSQL down (s)': Math.round((restoredAt - cutAt) / 100) / 10,
      'requests while down': during.length,
      'answered while down': during.filter((r) => r.status === 200).length,
      'LLM provider calls': providerCalls,
      'ledger rows written': ledger,
      'ledger rows lost': Math.max(0, providerCalls - ledger),
    }, [
      check('the LLM route was up before the outage', llmUp),
      check('decisions went on while PostgreSQL was down', during.length > 0 && during.every((r) => r.status === 200)),
      check('LLM answers while PostgreSQL was down', during.some((r) => r.source === 'llm')),
      check('/health/ready said 503 while PostgreSQL was down', readiness.some((r) => r.status === 503)),
      check('/health/ready recovered by itself', recovered),
      check('every decision stored after recovery', stored === answered.length, `${stored}/${answered.length}`),
      check('every ledger row written after recovery', ledger >= providerCalls, `${ledger}/${providerCalls}`),
    ], st);
  } finally {
    await st.close();
    await proxy.close();
    await fake.close();
  }
}
