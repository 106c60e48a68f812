import { api } from '@npc/gateway-client';
import { isolatedEnv } from '@npc/testing';
import { runBaseline, type LoadFigures } from './baseline';
import { runHttpLoad } from './http-load';
import { runPacedLoad } from './paced-load';
import { startBenchStack } from './stack';
import { NPCS, PLAYERS, requestOf } from './workload';

/** The workload's requests as HTTP bodies: every player once. */
function bodies(deadlineMs: number): string[] {
  return Array.from({ length: PLAYERS }, (_, i) => JSON.stringify(requestOf(i, deadlineMs)));
}

const fmt = (f: LoadFigures) =>
  `${f.label.padEnd(50)} ${f.perSecond.toFixed(0).padStart(7)}/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p90 ${f.p90.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms   errors ${f.errors}`;

export interface DecisionsBenchOptions {
  gateways: number;
  workers: number;
  connections: number;
  seconds: number;
  rate: number;
  basePort: number;
  /** Rounds of the whole comparison (product, then the naive round trip); more than one prints the medians. */
  rounds?: number;
  /** > 1: run 1 shard then this many (DECISION_SHARDS) with `gateways` gateways, instead of 1 gateway then `gateways`. */
  shards?: number;
  /** RULES_QUEUE_SHARDS of the `shards` run. Default 1. */
  rulesShards?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * `pnpm bench decisions --rounds n`: the comparison n times, back to back, then the medians of the
 * figures the issue tracks (throughput ratio against the naive round trip in the same round, and p99
 * at the fixed rate), so a noisy machine gives a steadier answer than one round.
 */
export async function benchDecisionsRounds(o: DecisionsBenchOptions): Promise<void> {
  const rounds = Math.max(1, o.rounds ?? 1);
  const results: RoundFigures[] = [];
  for (let r = 0; r < rounds; r++) {
    if (rounds > 1) console.log(`\n=== round ${r + 1} of ${rounds}`);
    results.push(await benchDecisions(o));
  }
  if (rounds === 1) return;
  const f = (v: number) => v.toFixed(2);
  console.log(`\nmedians of ${rounds} rounds (1 gateway): ratio product/baseline ${f(median(results.map((x) => x.ratio)))} (rounds: ${results.map((x) => f(x.ratio)).join(', ')}); ` +
    `product ${median(results.map((x) => x.product.perSecond)).toFixed(0)}/s, naive ${median(results.map((x) => x.baseline.perSecond)).toFixed(0)}/s; ` +
    `p99 at paced ${o.rate}/s ${median(results.map((x) => x.fixed.p99)).toFixed(1)} ms (rounds: ${results.map((x) => x.fixed.p99.toFixed(0)).join(', ')})`);
}

/** One round's figures for one gateway. */
export interface RoundFigures {
  product: LoadFigures;
  fixed: LoadFigures;
  baseline: LoadFigures;
  ratio: number;
}

/** `pnpm bench decisions`: the whole product over HTTP vs the naive BullMQ round trip, same Redis, same concurrency. */
export async function benchDecisions(o: DecisionsBenchOptions): Promise<RoundFigures> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const rows: LoadFigures[] = [];
  const cpu: { gateways: number; cpuGateway: number; cpuWorkers: number; cpuRedis: number; decisions: number }[] = [];
  const redisCpu = async () => {
    const { Redis } = await import('ioredis');
    const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const info = await r.info('cpu');
      const num = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? 0);
      return num('used_cpu_user') + num('used_cpu_sys');
    } finally {
      r.disconnect();
    }
  };
  const shards = o.shards ?? 1;
  const runs = shards > 1 ? [{ gateways: o.gateways, shards: 1 }, { gateways: o.gateways, shards }] : (o.gateways > 1 ? [1, o.gateways] : [1]).map((g) => ({ gateways: g, shards: 1 }));
  const configs = runs.map((r) => r.gateways);
  const name = (r: { gateways: number; shards: number }) => (shards > 1 ? `${r.shards} shard${r.shards > 1 ? 's' : ''}` : `${r.gateways} gateway${r.gateways > 1 ? 's' : ''}`);
  console.log(`npc-brain bench decisions: ${o.connections} in flight, ${o.seconds} s a run, ${o.workers} rules worker(s); machine: ${(await import('node:os')).cpus().length} cores`);
  for (const run of runs) {
    const { gateways } = run;
    const stack = await startBenchStack({ gateways, workers: o.workers, basePort: o.basePort, env: { DECISION_SHARDS: String(run.shards), RULES_QUEUE_SHARDS: String(run.shards > 1 ? o.rulesShards ?? 1 : 1) } });
    try {
      for (const [id, npc] of Object.entries(NPCS)) {
        await api({ url: stack.urls[0]!, key: stack.key }, 'PUT', `/v1/npcs/${id}`, npc);
      }
      // Deadline generous enough that the bench measures the pipeline, not the fallback.
      const b = bodies(2000);
      await runHttpLoad({ urls: stack.urls, key: stack.key, bodies: b, connections: o.connections, seconds: 2, label: 'warm-up' });
      const cpu0 = stack.cpuSeconds();
      const redis0 = await redisCpu();
      const max = await runHttpLoad({ urls: stack.urls, key: stack.key, bodies: b, connections: o.connections, seconds: o.seconds, label: `product, ${gateways} gateway(s), ${run.shards} shard(s), max rate` });
      const cpu1 = stack.cpuSeconds();
      cpu.push({ gateways, cpuGateway: cpu1.gateways - cpu0.gateways, cpuWorkers: cpu1.workers - cpu0.workers, cpuRedis: (await redisCpu()) - redis0, decisions: max.completed });
      rows.push(max);
      console.log(fmt(max));
      // Open loop, evenly paced (not autocannon's overallRate, which sends each second's share in bursts).
      const fixed = await runPacedLoad({ urls: stack.urls, key: stack.key, bodies: b, rate: o.rate, seconds: o.seconds, label: `product, ${gateways} gw, ${run.shards} shard(s), paced ${o.rate}/s open-loop` });
      rows.push(fixed);
      console.log(fmt(fixed));
      const answered = max.completed + fixed.completed;
      const until = Date.now() + 20_000;
      let stored = await stack.countStored();
      while (stored < answered && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        stored = await stack.countStored();
      }
      console.log(`  stored in PostgreSQL: ${stored} decisions for ${answered} answered in the measured runs (+ warm-up)`);
    } finally {
      await stack.stop();
    }
  }
  const baseline = await runBaseline({ redisUrl, prefix: isolatedEnv().QUEUE_PREFIX, concurrency: o.connections, seconds: o.seconds });
  console.log(fmt(baseline));
  const product = rows[0]!;
  console.log(`\nratio product/baseline (throughput, 1 gateway): ${(product.perSecond / baseline.perSecond).toFixed(2)}`);
  if (rows.length > 2) console.log(`ratio ${name(runs[1]!)} / ${name(runs[0]!)} (throughput): ${(rows[2]!.perSecond / product.perSecond).toFixed(2)}`);
  // Side by side, and what each decision cost in CPU (the figure that scales with cores, unlike
  // throughput on a box where the load generator, Redis and PostgreSQL share the same cores).
  const col = (v: string) => v.padStart(16);
  console.log(`\n${''.padEnd(40)}${runs.map((r) => col(name(r))).join('')}`);
  const line = (label: string, pick: (i: number) => string) => console.log(`${label.padEnd(40)}${configs.map((_, i) => col(pick(i))).join('')}`);
  line('max rate, decisions/s', (i) => rows[i * 2]!.perSecond.toFixed(0));
  line('max rate, p50 / p99 ms', (i) => `${rows[i * 2]!.p50.toFixed(0)} / ${rows[i * 2]!.p99.toFixed(0)}`);
  line(`paced ${o.rate}/s, p50 / p99 ms`, (i) => `${rows[i * 2 + 1]!.p50.toFixed(0)} / ${rows[i * 2 + 1]!.p99.toFixed(0)}`);
  line('CPU ms per decision: gateway(s)', (i) => (1000 * cpu[i]!.cpuGateway / Math.max(1, cpu[i]!.decisions)).toFixed(3));
  line(`CPU ms per decision: ${o.workers} rules worker(s)`, (i) => (1000 * cpu[i]!.cpuWorkers / Math.max(1, cpu[i]!.decisions)).toFixed(3));
  line('CPU ms per decision: Redis (shared)', (i) => (1000 * cpu[i]!.cpuRedis / Math.max(1, cpu[i]!.decisions)).toFixed(3));
  line('=> decisions/s per core: gateway', (i) => (cpu[i]!.decisions / Math.max(0.001, cpu[i]!.cpuGateway)).toFixed(0));
  line('=> decisions/s per core: rules', (i) => (cpu[i]!.decisions / Math.max(0.001, cpu[i]!.cpuWorkers)).toFixed(0));
  console.log(`(Redis CPU is the whole server's, other clients included; figures on a ${(await import('node:os')).cpus().length}-core machine shared by the load generator, Redis and PostgreSQL)`);
  return { product, fixed: rows[1]!, baseline, ratio: product.perSecond / baseline.perSecond };
}
