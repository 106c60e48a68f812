import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedis, loadConfig, WorkerEnv } from '@npc/config';
import { DecisionRequest, Npc, redisKeys, type DecisionEnvelope } from '@npc/contracts';
import { createRulesStage, toJob } from '@npc/pipeline';
import { recognize } from '@npc/rules';
import { deleteRedisPrefix } from '@npc/testing';
import { NPCS, requestOf } from './workload';

/**
 * `pnpm bench stage`: the rules stage alone (agent memory and dialogue on) against the real Redis,
 * without BullMQ, HTTP or PostgreSQL: the CPU a decision costs the rules worker's own code, in µs,
 * measured by the process's CPU clock. Steadier than `bench decisions` on a shared machine (no
 * other process's work is in the figure), so it is the one to compare commits with for "did the
 * worker get slower". Jobs are what the gateway enqueues: the gateway's recognition in the envelope,
 * the NPC by id and version (its copy in Redis, as the gateways write it).
 */
const now = new Date().toISOString();
/** The workload's NPCs as stored (ids, timestamps). */
const STORED: Record<string, Npc> = Object.fromEntries(Object.entries(NPCS).map(([id, input]) => [id, Npc.parse({ ...input, id, createdAt: now, updatedAt: now })]));

export async function benchStage(o: { decisions: number; concurrency: number; rounds: number }): Promise<void> {
  const prefix = `{npc-stage-${process.pid}}`;
  const config = loadConfig(WorkerEnv, { ...process.env, QUEUE_PREFIX: prefix } as NodeJS.ProcessEnv);
  const redis = createRedis(config, 'worker');
  const info = new Redis(config.REDIS_URL);
  const stage = createRulesStage({ redis, prefix, ttlSeconds: 600, answeredBy: 'bench-stage' });
  for (const n of Object.values(STORED)) await info.set(redisKeys(prefix).npc(n.id), JSON.stringify(n), 'EX', 3600);
  const envelope = (i: number): DecisionEnvelope => {
    const request = DecisionRequest.parse(requestOf(i, 2000));
    const text = request.event.text ?? '';
    const t = Date.now();
    return {
      decisionId: randomUUID(), request, npc: STORED[request.npc.id]!, apiKeyId: 'bench', receivedAt: t, deadlineAt: t + 2000, replyTo: `${prefix}:bench-replies`, hops: ['rules'],
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
