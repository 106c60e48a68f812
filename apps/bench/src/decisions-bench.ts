import type { DecisionRequestInput, NpcInput } from '@npc/contracts';
import { isolatedEnv } from '@npc/testing';
import { runBaseline, type LoadFigures } from './baseline';
import { runHttpLoad } from './http-load';
import { startBenchStack } from './stack';

const NPCS: Record<string, NpcInput> = {
  kafra: { name: 'Kafra', role: 'kafra', services: { warps: [{ destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 }], storage: { fee: 40 }, savePoint: { map: 'prontera', x: 156, y: 191 } } },
  merchant: { name: 'Tool Dealer', role: 'merchant', services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] } },
  guard: { name: 'Guard', role: 'guard' },
};
const LINES: [string, string, DecisionRequestInput['allowedActions']][] = [
  ['kafra', 'warp me to geffen pls', ['warp', 'talk']],
  ['kafra', 'open storage', ['open_storage', 'talk']],
  ['merchant', 'wtb 10 red pots', ['buy', 'talk', 'open_shop']],
  ['merchant', 'how much for a fly wing?', ['quote_price', 'talk']],
  ['merchant', 'wts jellopy', ['sell', 'talk']],
  ['guard', 'hello there', ['talk', 'emote']],
  ['guard', 'stupid guard', ['talk', 'call_guards', 'attack']],
  ['kafra', 'save here', ['save_point', 'talk']],
];

/** 2,048 players (a busy server's worth) cycling through the lines: each NPC remembers each of them. */
function bodies(deadlineMs: number): string[] {
  return Array.from({ length: 2048 }, (_, i) => {
    const [npc, text, allowedActions] = LINES[i % LINES.length]!;
    return JSON.stringify({ npc: { id: npc }, player: { id: `p${i}`, name: `Player${i}`, level: 1 + (i % 99) }, event: { type: 'talk', text }, allowedActions, deadlineMs });
  });
}

const fmt = (f: LoadFigures) =>
  `${f.label.padEnd(44)} ${f.perSecond.toFixed(0).padStart(7)}/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p90 ${f.p90.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms   errors ${f.errors}`;

export interface DecisionsBenchOptions {
  gateways: number;
  workers: number;
  connections: number;
  seconds: number;
  rate: number;
  basePort: number;
}

/** `pnpm bench decisions`: the whole product over HTTP vs the naive BullMQ round trip, same Redis, same concurrency. */
export async function benchDecisions(o: DecisionsBenchOptions): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const rows: LoadFigures[] = [];
  const configs = o.gateways > 1 ? [1, o.gateways] : [1];
  console.log(`npc-brain bench decisions: ${o.connections} in flight, ${o.seconds} s a run, ${o.workers} rules worker(s); machine: ${(await import('node:os')).cpus().length} cores`);
  for (const gateways of configs) {
    const stack = await startBenchStack({ gateways, workers: o.workers, basePort: o.basePort });
    try {
      for (const [id, npc] of Object.entries(NPCS)) {
        const res = await fetch(`${stack.urls[0]}/v1/npcs/${id}`, { method: 'PUT', headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' }, body: JSON.stringify(npc) });
        if (!res.ok) throw new Error(`PUT npc ${id}: ${res.status} ${await res.text()}`);
      }
      // Deadline generous enough that the bench measures the pipeline, not the fallback.
      const b = bodies(2000);
      await runHttpLoad({ urls: stack.urls, key: stack.key, bodies: b, connections: o.connections, seconds: 2, label: 'warm-up' });
      const max = await runHttpLoad({ urls: stack.urls, key: stack.key, bodies: b, connections: o.connections, seconds: o.seconds, label: `product, ${gateways} gateway(s), max rate` });
      rows.push(max);
      console.log(fmt(max));
      const fixed = await runHttpLoad({ urls: stack.urls, key: stack.key, bodies: b, connections: o.connections, seconds: o.seconds, rate: o.rate, label: `product, ${gateways} gateway(s), fixed ${o.rate}/s` });
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
  if (rows.length > 2) console.log(`ratio ${o.gateways} gateways / 1 gateway (throughput): ${(rows[2]!.perSecond / product.perSecond).toFixed(2)}`);
}
