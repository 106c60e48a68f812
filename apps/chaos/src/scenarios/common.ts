/**
 * What every chaos scenario shares: its options and result, the requests it sends (a Kafra's warps
 * and storage, a bard's open questions), the checks, and how a run is summed up and printed.
 */
import { sleep, until } from '../infra';
import { tally, type Sent } from '../load';
import { ready, type ChaosStack } from '../stack';

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

export const BARD = { name: 'Bard Lorin', role: 'townsperson', background: 'A travelling bard who knows every legend of Rune-Midgard.' };

const runTag = Math.random().toString(36).slice(2, 8);
export const kafraAsk = (i: number, deadlineMs: number) => ({
  requestId: `chaos-${runTag}-${i}`,
  npc: { id: 'kafra1' },
  player: { id: `p${i % 50}`, name: 'Aria', level: 30 },
  event: { type: 'talk', text: i % 3 ? 'warp me to geffen please' : 'open my storage' },
  allowedActions: ['warp', 'open_storage', 'talk'],
  deadlineMs,
});
export const bardAsk = (i: number, deadlineMs: number) => ({
  requestId: `chaos-${runTag}-${i}`,
  npc: { id: 'bard1' },
  player: { id: `p${i % 50}`, name: 'Aria', level: 30 },
  event: { type: 'talk', text: `tell me the legend number ${i} of the old tower` },
  allowedActions: ['talk', 'emote'],
  deadlineMs,
});

export const ids = (rs: Sent[]) => rs.filter((r) => r.status === 200 && r.decisionId).map((r) => r.decisionId!);
export const between = (rs: Sent[], from: number, to: number) => rs.filter((r) => r.startedAt >= from && r.startedAt < to);
export const check = (name: string, ok: boolean, detail?: string): Check => ({ name, ok, ...(detail ? { detail } : {}) });

/** Polls `/health/ready` every 200 ms, while `when()` holds, until `stop()`: the readings with their time. */
export function pollReadiness(url: string, when: () => boolean = () => true): { readings: { at: number; status: number }[]; stop(): Promise<void> } {
  const readings: { at: number; status: number }[] = [];
  let polling = true;
  const loop = (async () => {
    while (polling) {
      if (when()) readings.push({ at: Date.now(), status: await ready(url) });
      await sleep(200);
    }
  })();
  return {
    readings,
    async stop() {
      polling = false;
      await loop;
    },
  };
}

/** Waits until PostgreSQL holds every answered decision (or `ms` pass); returns how many it holds. */
export async function settleStored(st: ChaosStack, answered: string[], ms: number): Promise<number> {
  let n = 0;
  await until(async () => (n = await st.stored(answered)) >= answered.length, ms, 250);
  return n;
}

export function finish(scenario: ScenarioName, t0: number, results: Sent[], stored: number, lost: number, figures: Record<string, number | string>, checks: Check[], st: ChaosStack): ScenarioResult {
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
