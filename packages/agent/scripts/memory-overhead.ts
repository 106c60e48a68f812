/**
 * What memory adds to one decision (real Redis on REDIS_URL, a throw-away prefix):
 * - on the reply path: `prepare` = one pipelined round trip (hot set + world news) + parsing and
 *   ranking, compared with deciding without memory;
 * - after the reply (off the path): `remember` = one Lua script (append, counters, stream entry,
 *   the reflection every few decisions), given what the decision read (as the stages do).
 * The hot set is full (12 episodes + a reflection) and 20 world events are known: the worst case.
 * Run: npx tsx packages/agent/scripts/memory-overhead.ts [N]
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { agentKeys, DecisionRequest, NEUTRAL_PERSONALITY, type Npc } from '@npc/contracts';
import { decideByRules } from '@npc/rules';
import { AgentRuntime, LeaseManager, MemoryStore, WorldKnowledge, makeWorldEvent } from '../src/index';

const N = Number(process.argv[2] ?? 3000);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `{npc-bench-${randomUUID().slice(0, 8)}}`;
const npc: Npc = {
  id: 'hans', name: 'Hans', role: 'merchant', personality: NEUTRAL_PERSONALITY, background: '',
  services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] },
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};
const request = (text: string) => DecisionRequest.parse({
  npc: { id: 'hans' }, player: { id: 'p1', name: 'Aria' }, event: { type: 'talk', text }, allowedActions: ['talk', 'buy', 'quote_price', 'emote'],
});
const memory = new MemoryStore(redis, prefix);
const agent = new AgentRuntime({ memory, leases: new LeaseManager(redis, prefix) });
const plain = new AgentRuntime();
const world = new WorldKnowledge(redis, prefix);
for (let i = 0; i < 20; i++) await world.publish(makeWorldEvent({ type: 'news', text: `News number ${i}`, importance: 0.5, ttlS: 3600 }));
const texts = ['I want to buy 2 red potions', 'hello', 'how much is a fly wing', 'can I sell jellopy', 'any discount?'];
// Fill the hot set past its bound (reflection included).
for (let i = 0; i < 30; i++) {
  const req = request(texts[i % texts.length] ?? 'hello');
  const body = decideByRules(npc, req, `w${i}`).body;
  const now = Date.now();
  await memory.remember({ decision: { ...body, decisionId: randomUUID(), source: 'rules', costUsd: 0, latencyMs: 1 }, request: req, npcId: 'hans', apiKeyId: 'k', answeredBy: 'b', receivedAt: now, decidedAt: now + i * 60_000 }, npc);
}
const state = await memory.get('hans', 'p1');
const keys = agentKeys(prefix);
const bytes = Number(await redis.memory('USAGE', keys.memory('hans', 'p1'))) + Number(await redis.memory('USAGE', keys.memoryEpisodes('hans', 'p1')));
console.log(`hot set: ${state?.episodes.length} episodes + ${state?.reflection ? 1 : 0} reflection, ${bytes} bytes in Redis; 20 world events`);

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
async function time(label: string, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 300; i++) await fn(i);
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn(i);
    xs.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(52)} p50 ${q(xs, 0.5).toFixed(3)} ms  p90 ${q(xs, 0.9).toFixed(3)} ms  p99 ${q(xs, 0.99).toFixed(3)} ms`);
  return xs;
}
const reqs = texts.map(request);
const base = await time('decide without memory (rules)', async (i) => plain.decide(await plain.prepare(npc, reqs[i % reqs.length]!), { seed: `s${i}` }));
const withMem = await time('decide with memory (prepare: 1 round trip + rank)', async (i) => agent.decide(await agent.prepare(npc, reqs[i % reqs.length]!), { seed: `s${i}` }));
const readOnly = await time('  of which the Redis read (one script, parse)', async () => memory.load('hans', 'p1'));
// What a decision read (a stale copy after the first writes: the reflection is then computed and refused, the costlier case).
const snapshot = await memory.load('hans', 'p1');
const after = await time('remember after finalize (one script, off the path)', async (i) => {
  const req = reqs[i % reqs.length]!;
  const body = decideByRules(npc, req, `r${i}`).body;
  const now = Date.now();
  return memory.remember({ decision: { ...body, decisionId: randomUUID(), source: 'rules', costUsd: 0, latencyMs: 1 }, request: req, npcId: 'hans', apiKeyId: 'k', answeredBy: 'b', receivedAt: now, decidedAt: now }, npc, snapshot);
});
console.log(`added on the reply path: p50 ${(q(withMem, 0.5) - q(base, 0.5)).toFixed(3)} ms, p99 ${(q(withMem, 0.99) - q(base, 0.99)).toFixed(3)} ms (Redis read alone p50 ${q(readOnly, 0.5).toFixed(3)} ms); write after the reply p50 ${q(after, 0.5).toFixed(3)} ms`);
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length) await redis.unlink(...keys);
} while (cursor !== '0');
redis.disconnect();
