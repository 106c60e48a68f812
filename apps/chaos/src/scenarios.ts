import { KAFRA, startFakeLlm } from '@npc/testing';
import { CuttableProxy, ScratchRedis, sleep, until } from './infra';
import { runLoad, tally, type Sent } from './load';
import { ChaosStack, DATABASE_URL, putNpc, ready } from './stack';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ScenarioResult {
  scenario: ScenarioName;
  sent: number;
  /** 200 with a decision. */
  answered: number;
  /** Answered decisions found in PostgreSQL at the end. */
  stored: number;
  /** Requests that should have been answered but were not, plus answered decisions not stored. */
  lost: number;
  figures: Record<string, number | string>;
  checks: Check[];
  ok: boolean;
  seconds: number;
  /** When a check failed: how each process ended and its last warnings/errors. */
  diagnostics?: string;
}

export interface ScenarioOptions {
  /** Length of the load (the fault happens inside it). */
  seconds: number;
  /** Requests per second. */
  rate: number;
  /** How long the fault lasts, where it has a length (Redis down, PostgreSQL cut). */
  outageSeconds: number;
  log?: (line: string) => void;
}

export const SCENARIOS = ['worker-kill', 'redis-restart', 'pg-outage', 'gateway-sigterm'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const BARD = { name: 'Bard Lorin', role: 'townsperson', background: 'A travelling bard who knows every legend of Rune-Midgard.' };

const runTag = Math.random().toString(36).slice(2, 8);
const kafraAsk = (i: number, deadlineMs: number) => ({
  requestId: `chaos-${runTag}-${i}`,
  npc: { id: 'kafra1' },
  player: { id: `p${i % 50}`, name: 'Aria', level: 30 },
  event: { type: 'talk', text: i % 3 ? 'warp me to geffen please' : 'open my storage' },
  allowedActions: ['warp', 'open_storage', 'talk'],
  deadlineMs,
});
const bardAsk = (i: number, deadlineMs: number) => ({
  requestId: `chaos-${runTag}-${i}`,
  npc: { id: 'bard1' },
  player: { id: `p${i % 50}`, name: 'Aria', level: 30 },
  event: { type: 'talk', text: `tell me the legend number ${i} of the old tower` },
  allowedActions: ['talk', 'emote'],
  deadlineMs,
});

const ids = (rs: Sent[]) => rs.filter((r) => r.status === 200 && r.decisionId).map((r) => r.decisionId!);
const between = (rs: Sent[], from: number, to: number) => rs.filter((r) => r.startedAt >= from && r.startedAt < to);
const check = (name: string, ok: boolean, detail?: string): Check => ({ name, ok, ...(detail ? { detail } : {}) });

/** Waits until PostgreSQL holds every answered decision (or `ms` pass); returns how many it holds. */
async function settleStored(st: ChaosStack, answered: string[], ms: number): Promise<number> {
  let n = 0;
  await until(async () => (n = await st.stored(answered)) >= answered.length, ms, 250);
  return n;
}

function finish(scenario: ScenarioName, t0: number, results: Sent[], stored: number, lost: number, figures: Record<string, number | string>, checks: Check[], st: ChaosStack): ScenarioResult {
  const t = tally(results);
  const secretLogged = st.logs().includes(st.key) || st.logs().includes(st.key.split('_').pop()!);
  checks.push(check('the API key never appears in any process log', !secretLogged));
  checks.push(check('nothing lost', lost === 0, `lost ${lost}`));
  const ms = t.answered.map((r) => r.endedAt - r.startedAt).sort((x, y) => x - y);
  if (ms.length) figures['latency p50/p99 (ms)'] = `${ms[Math.floor(ms.length * 0.5)]}/${ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.99))]}`;
  for (const [k, v] of Object.entries(t.bySource)) figures[`source ${k}`] = v;
  for (const [k, v] of Object.entries(t.errors)) figures[`not answered: ${k}`] = v;
  const ok = checks.every((c) => c.ok);
  return { scenario, sent: t.sent, answered: t.answered.length, stored, lost, figures, checks, ok, seconds: Math.round((Date.now() - t0) / 100) / 10, ...(ok ? {} : { diagnostics: st.diagnostics() }) };
}

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
    const readiness: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        readiness.push({ at: Date.now(), status: await ready(gw.url) });
        await sleep(200);
      }
    })();
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
    polling = false;
    await poller;
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
    const readiness: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        if (cutAt && !restoredAt) readiness.push({ at: Date.now(), status: await ready(gw.url) });
        await sleep(200);
      }
    })();
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
    polling = false;
    await poller;
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

export const RUNNERS: Record<ScenarioName, (o: ScenarioOptions) => Promise<ScenarioResult>> = {
  'worker-kill': workerKill,
  'redis-restart': redisRestart,
  'pg-outage': pgOutage,
  'gateway-sigterm': gatewaySigterm,
};

/** One line of figures and one line per failed check. */
export function formatResult(r: ScenarioResult): string {
  const extra = Object.entries(r.figures).map(([k, v]) => `${k}: ${v}`).join(', ');
  const lines = [
    `${r.ok ? 'PASS' : 'FAIL'} ${r.scenario}: sent ${r.sent}, answered ${r.answered}, stored ${r.stored}, lost ${r.lost} (${r.seconds} s)`,
    `     ${extra}`,
  ];
  for (const c of r.checks) if (!c.ok) lines.push(`     ✗ ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  if (r.diagnostics) lines.push('     processes:', r.diagnostics);
  return lines.join('\n');
}
