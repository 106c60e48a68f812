import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisKeys, type DecisionEnvelope, type Npc } from '@npc/contracts';
import { createRulesStage } from './src/index';
import { AgentRuntime, MemoryStore } from '@npc/agent';
const mode = process.argv[2] ?? 'on';
const redis = new Redis('redis://127.0.0.1:6379', { enableAutoPipelining: true });
const prefix = `{npc-cpu-${randomUUID().slice(0, 8)}}`;
const at = new Date().toISOString();
const npc: Npc = { id: 'merchant', name: 'Tool Dealer', role: 'merchant', background: '', createdAt: at, updatedAt: at,
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  services: { shop: [{ item: 'Red Potion', price: 50 }, { item: 'Fly Wing', price: 60 }], buys: [{ item: 'Jellopy', price: 3 }] } };
const lines = ['wtb 10 red pots', 'how much for a fly wing?', 'wts jellopy'];
class NoRemember extends AgentRuntime { override async remember() { return null; } }
const agent = mode === 'off' ? false as const : mode === 'nomem' ? new AgentRuntime() : mode === 'read' ? new NoRemember({ memory: new MemoryStore(redis, prefix) }) : new AgentRuntime({ memory: new MemoryStore(redis, prefix) });
const stage = createRulesStage({ redis, prefix, ttlSeconds: 60, answeredBy: 'w', agent });
const env = (i: number): DecisionEnvelope => {
  const now = Date.now();
  return { decisionId: randomUUID(), npc, apiKeyId: 'k', receivedAt: now, deadlineAt: now + 2000, replyTo: redisKeys(prefix).replyChannel('x'), hops: ['rules'],
    request: { npc: { id: 'merchant' }, player: { id: `p${i % 64}`, name: `Player${i % 64}`, level: 10 }, event: { type: 'talk', text: lines[i % 3] }, allowedActions: ['buy', 'talk', 'open_shop', 'quote_price', 'sell'], deadlineMs: 2000, wait: true } };
};
const run = async (n: number) => { let next = 0; await Promise.all(Array.from({ length: 50 }, async () => { while (next < n) await stage(env(next++)); })); };
await run(3000);
const c0 = process.cpuUsage(); const t0 = performance.now();
const N = 10000;
await run(N);
const cpu = process.cpuUsage(c0);
console.log(mode, `cpu ${((cpu.user + cpu.system) / N).toFixed(0)} µs/decision (user ${(cpu.user / N).toFixed(0)}), wall ${((performance.now() - t0) / N * 1000).toFixed(0)} µs/decision`);
let cursor = '0';
do { const [n, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000); cursor = n; if (keys.length) await redis.unlink(...keys); } while (cursor !== '0');
redis.disconnect();
