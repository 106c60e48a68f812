import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedis, loadConfig, WorkerEnv } from '@npc/config';
import { DecisionRequest, Npc, redisKeys, type DecisionEnvelope } from '@npc/contracts';
import { createRulesStage, toJob } from '@npc/pipeline';
import { recognize } from '@npc/rules';
import { deleteRedisPrefix } from '@npc/testing';

/**
 * `pnpm bench stage`: the rules stage alone (agent memory and dialogue on) against the real Redis,
 * without BullMQ, HTTP or PostgreSQL: the CPU a decision costs the rules worker's own code, in µs,
 * measured by the process's CPU clock. Steadier than `bench decisions` on a shared machine (no
 * other process's work is in the figure), so it is the one to compare commits with for "did the
 * worker get slower". Jobs are what the gateway enqueues: the gateway's recognition in the envelope,
 * the NPC by id and version (its copy in Redis, as the gateways write it).
 */
const now = new Date().toISOString();
const npc = (id: string, v: Record<string, unknown>): Npc => Npc.parse({ id, createdAt: now, updatedAt: now, ...v });
const NPCS: Record<string, Npc> = {
  kafra: npc('kafra', { name: 'Kafra', role: 'kafra', services: { warps: [{ destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 }], storage: { fee: 40 }, savePoint: { map: 'prontera', x: 156, y: 191 } } }),
  merchant: npc('merchant', { name: 'Tool Dealer', role: 'merchant', services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] } }),
  guard: npc('guard', { name: 'Guard', role: 'guard' }),
};
/** The lines of `bench decisions`, by 2,048 players. */
const LINES: [string, string, DecisionRequest['allowedActions']][] = [
  ['kafra', 'warp me to geffen pls', ['warp', 'talk']], ['kafra', 'open storage', ['open_storage', 'talk']],
  ['merchant', 'wtb 10 red pots', ['buy', 'talk', 'open_shop']], ['merchant', 'how much for a fly wing?', ['quote_price', 'talk']],
  ['merchant', 'wts jellopy', ['sell', 'talk']], ['guard', 'hello there', ['talk', 'emote']],
  ['guard', 'stupid guard', ['talk', 'call_guards', 'attack']], ['kafra', 'save here', ['save_point', 'talk']],
];

export async function benchStage(o: { decisions: number; concurrency: number; rounds: number }): Promise<void> {
  const prefix = `{npc-stage-${process.pid}}`;
  const config = loadConfig(WorkerEnv, { ...process.env, QUEUE_PREFIX: prefix } as NodeJS.ProcessEnv);
  const redis = createRedis(config, 'worker');
  const info = new Redis(config.REDIS_URL);
  const stage = createRulesStage({ redis, prefix, ttlSeconds: 600, answeredBy: 'bench-stage' });
  for (const n of Object.values(NPCS)) await info.set(redisKeys(prefix).npc(n.id), JSON.stringify(n), 'EX', 3600);
  const envelope = (i: number): DecisionEnvelope => {
    const [id, text, allowedActions] = LINES[i % LINES.length]!;
    const p = i % 2048;
    const request = DecisionRequest.parse({ npc: { id }, player: { id: `p${p}`, name: `Player${p}`, level: 1 + (p % 99) }, event: { type: 'talk', text }, allowedActions, deadlineMs: 2000 });
    const t = Date.now();
    return {
      decisionId: randomUUID(), request, npc: NPCS[id]!, apiKeyId: 'bench', receivedAt: t, deadlineAt: t + 2000, replyTo: `${prefix}:bench-replies`, hops: ['rules'],
      recognition: { ...recognize(text, { eventType: 'talk' }), by: 'rules' },
    };
  };
  const redisCpu = async () => {
    const s = await info.info('cpu');
    const n = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(s)?.[1] ?? 0);
    return n('used_cpu_user') + n('used_cpu_sys');
  };
  const run = async (n: number) => {
    // The envelopes (and the gateway's recognition in them) are made before the clock starts.
    const all = Array.from({ length: n }, (_, i) => toJob(envelope(i)));
    let next = 0;
    const c0 = process.cpuUsage();
    const r0 = await redisCpu();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: o.concurrency }, async () => {
      while (next < n) await stage(all[next++]!);
    }));
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const r = (await redisCpu()) - r0;
    return { cpuUs: (c.user + c.system) / n, redisUs: (r * 1e6) / n, perSecond: n / (wall / 1000) };
  };
  try {
    await run(Math.min(4000, o.decisions)); // warm-up: JIT, the players' memories
    const rows: Awaited<ReturnType<typeof run>>[] = [];
    for (let k = 0; k < o.rounds; k++) rows.push(await run(o.decisions));
    console.log(`npc-brain bench stage: the rules stage alone, ${o.decisions} decisions a round, ${o.concurrency} at once, agent memory and dialogue on`);
    for (const r of rows) console.log(`  ${r.cpuUs.toFixed(1).padStart(6)} µs CPU per decision (stage process)   Redis ${r.redisUs.toFixed(1).padStart(5)} µs   ${r.perSecond.toFixed(0)}/s`);
    const cpu = rows.map((r) => r.cpuUs).sort((a, b) => a - b);
    console.log(`  median ${cpu[cpu.length >> 1]!.toFixed(1)} µs CPU per decision`);
  } finally {
    redis.disconnect();
    info.disconnect();
    await deleteRedisPrefix(prefix);
  }
}
