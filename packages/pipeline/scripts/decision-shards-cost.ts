/**
 * The cost of the decision shards' own path on one Redis: N decisions finalized (record + log
 * entry, 50 at a time) and written to PostgreSQL by a ShardedLogWriter, DECISION_SHARDS 1 and 8
 * alternating for 4 rounds (the first is warm-up): wall time, this process's and Redis's CPU per
 * decision. `cd packages/pipeline && npx tsx scripts/decision-shards-cost.ts` (Redis and PostgreSQL
 * of the tests).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '@npc/config';
import { decisionKeys, type DecisionEnvelope, type Npc } from '@npc/contracts';
import { createRepositories, createTestDatabase } from '@npc/persistence';
import { answerByRules, DECISION_LOG_GROUP, decisionLogKind, finalizeDecision, ShardedLogWriter } from '../src/index';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';

const redis = new Redis('redis://127.0.0.1:6379');
const db = await createTestDatabase();
const repos = createRepositories(db.database.db);
const log = createLogger('x', 'silent');
const npc: Npc = { id: 'k', name: 'Kafra', role: 'kafra', background: '', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 }, services: {} };
const rec = () => {
  const now = Date.now();
  const env: DecisionEnvelope = { decisionId: randomUUID(), npc, apiKeyId: 'k1', receivedAt: now, deadlineAt: now + 200, replyTo: '', hops: ['rules'],
    request: { npc: { id: 'k' }, player: { id: 'p1' }, event: { type: 'talk', text: 'hello' }, allowedActions: ['talk'], deadlineMs: 200, wait: true } };
  return answerByRules(env, 'w');
};
const N = 3000;
const results: Record<string, number[]> = { '1': [], '8': [] };
for (let round = 0; round < 4; round++) {
  for (const shards of [1, 8]) {
    const prefix = isolatedEnv().QUEUE_PREFIX;
    const keys = decisionKeys(prefix, shards);
    const records = Array.from({ length: N }, rec);
    const writer = new ShardedLogWriter(redis, decisionLogKind(repos.decisions), repos.deadLetters, log, keys.logs, { group: DECISION_LOG_GROUP, consumer: 'a', batch: 500 });
    const redisCpu0 = await cpu();
    const t0 = process.cpuUsage();
    const w0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 50 }, async () => { for (let i = next++; i < N; i = next++) await finalizeDecision(redis, records[i]!, '', { prefix, shards, ttlSeconds: 60 }); }));
    await writer.drainOnce();
    const wall = performance.now() - w0;
    const c = process.cpuUsage(t0);
    const rc = (await cpu()) - redisCpu0;
    results[String(shards)]!.push(wall);
    console.log(`round ${round} shards ${shards}: ${N} finalize + log write in ${wall.toFixed(0)} ms; node CPU ${((c.user + c.system) / 1000 / N).toFixed(3)} ms/decision; redis CPU ${(rc * 1000 / N).toFixed(3)} ms/decision`);
    await deleteRedisPrefix(prefix);
  }
}
async function cpu() { const info = await redis.info('cpu'); const num = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? 0); return num('used_cpu_user') + num('used_cpu_sys'); }
await db.drop();
redis.disconnect();
