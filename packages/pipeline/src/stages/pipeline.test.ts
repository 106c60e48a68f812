import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@npc/config';
import { queuePrefix, redisKeys, type DecisionEnvelope, type DecisionRecord, type Npc } from '@npc/contracts';
import { useTestRedis } from '@npc/testing';
import { answer, answerByRules, byRules, DECISION_LOG_GROUP, decisionLogKind, Enqueuer, finalizeDecision, readDecision, recognitionOf, ReplyListener, StageNpcs, StreamLogWriter, toJob } from '../index';

const { prefix, redis } = useTestRedis();
const keys = redisKeys(prefix);
const log = createLogger('test', 'silent');

const npc: Npc = {
  id: 'kafra1', name: 'Kafra', role: 'kafra', background: '', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  services: { warps: [{ destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 }] },
};
function envelope(over: Partial<DecisionEnvelope> = {}): DecisionEnvelope {
  const now = Date.now();
  return {
    decisionId: randomUUID(), npc, apiKeyId: 'k1', receivedAt: now, deadlineAt: now + 200, replyTo: keys.replyChannel('test'), hops: ['rules'],
    request: { npc: { id: 'kafra1' }, player: { id: 'p1' }, event: { type: 'talk', text: 'warp me to geffen' }, allowedActions: ['warp', 'talk'], deadlineMs: 200, wait: true },
    ...over,
  };
}

describe('finalizeDecision', () => {
  it('first writer wins: a second answer gets the first record back and writes nothing', async () => {
    const env = envelope();
    const first = answerByRules(env, 'a');
    const second = { ...answerByRules(env, 'b'), answeredBy: 'b' };
    const lenBefore = await redis.xlen(keys.decisionLog);
    expect((await finalizeDecision(redis, first, env.replyTo, { prefix, ttlSeconds: 60 })).won).toBe(true);
    const again = await finalizeDecision(redis, second, env.replyTo, { prefix, ttlSeconds: 60 });
    expect(again.won).toBe(false);
    expect(again.record.answeredBy).toBe('a');
    expect(await redis.xlen(keys.decisionLog)).toBe(lenBefore + 1);
    expect((await readDecision(redis, prefix, env.decisionId))?.answeredBy).toBe('a');
    expect(await redis.ttl(keys.decision(env.decisionId))).toBeGreaterThan(50);
  });

  it('publishes the record to the reply channel the gateway listens on', async () => {
    const sub = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const listener = new ReplyListener(sub, keys.replyChannel('gw-test'), log);
    await listener.start();
    const env = envelope({ replyTo: listener.channel });
    const waiting = listener.wait(env.decisionId);
    expect(listener.isWaiting(env.decisionId)).toBe(true);
    await finalizeDecision(redis, answerByRules(env, 'w'), env.replyTo, { prefix, ttlSeconds: 60 });
    const got = await waiting.promise;
    expect(got.decision.decisionId).toBe(env.decisionId);
    expect(listener.pendingCount).toBe(0);
    sub.disconnect();
  });
});

describe('answerByRules', () => {
  it('stamps a valid rules decision inside allowedActions', () => {
    const env = envelope();
    const rec = answerByRules(env, 'x');
    expect(rec.decision.source).toBe('rules');
    expect(['warp', 'talk']).toContain(rec.decision.action.type);
    expect(rec.decision.decisionId).toBe(env.decisionId);
    expect(rec.npcId).toBe('kafra1');
  });
});

describe('the answer step', () => {
  const ctx = () => ({ redis, prefix, ttlSeconds: 60, answeredBy: 'a' });
  const talk = { action: { type: 'talk' as const, args: {} }, say: 'Hello.', emotion: null, intent: { name: 'greet' as const, confidence: 0.9 } };
  const sell = { ...talk, action: { type: 'sell' as const, args: { item: 'Jellopy', amount: 1, price: 3 } } };

  it('validates an answer made without validation against allowedActions, once, and stamps it', async () => {
    const env = envelope();
    await expect(answer(ctx(), env, { body: sell, source: 'rules' })).rejects.toThrow(/allowedActions/);
    expect(await readDecision(redis, prefix, env.decisionId)).toBeNull();
    const ok = await answer(ctx(), env, { body: talk, source: 'llm', costUsd: 0.002 });
    expect(ok).toMatchObject({ won: true, outcome: 'answered', record: { answeredBy: 'a', decision: { source: 'llm', costUsd: 0.002, language: 'en', action: { type: 'talk' } } } });
    expect(await answer(ctx(), env, { body: talk, source: 'rules' })).toMatchObject({ won: false, outcome: 'already-answered', record: { decision: { source: 'llm' } } });
  });

  it('the rules answer on the envelope’s recognition: a model-settled intent is the one acted on', () => {
    const env = envelope({ request: { ...envelope().request, event: { type: 'talk', text: 'zorgle blup' } } });
    expect(recognitionOf(env)).toMatchObject({ by: 'rules', intent: { name: 'unknown' } });
    const settled = { ...env, recognition: { ...recognitionOf(env), intent: { name: 'warp' as const, confidence: 0.95 }, slots: { town: { name: 'Geffen', map: 'geffen' } }, by: 'model' as const } };
    const made = byRules(settled, 'model');
    expect(made).toMatchObject({ source: 'model', body: { action: { type: 'warp', args: { map: 'geffen' } } } });
  });
});

describe('Enqueuer', () => {
  it('coalesces adds into one addBulk per tick, with the decision id as job id', async () => {
    const queue = new Queue('rules', { connection: redis, prefix: queuePrefix(prefix, 'rules') });
    let bulkCalls = 0;
    const original = queue.addBulk.bind(queue);
    queue.addBulk = (jobs) => {
      bulkCalls++;
      return original(jobs);
    };
    const enq = new Enqueuer({ rules: queue, inference: undefined, llm: undefined }, { windowMs: 0, maxBatch: 1000 });
    const envs = Array.from({ length: 50 }, () => envelope());
    await Promise.all(envs.map((e) => enq.add('rules', e)));
    expect(bulkCalls).toBe(1);
    const job = await queue.getJob(envs[7]!.decisionId);
    expect(job?.data.decisionId).toBe(envs[7]!.decisionId);
    // The job carries the NPC by id and version, not the whole NPC.
    expect(job?.data.npcRef).toEqual({ id: 'kafra1', updatedAt: npc.updatedAt });
    expect(job?.data.npc).toBeUndefined();
    await expect(enq.add('llm', envelope())).rejects.toThrow(/not configured/);
    await enq.drain();
    await queue.obliterate({ force: true });
    await queue.close();
  });
});

describe('StageNpcs', () => {
  it('resolves a job\'s NPC reference: Redis once per NPC and version, then from memory; a newer version is read again', async () => {
    let gets = 0;
    const counting = Object.assign(Object.create(redis) as typeof redis, { get: (k: string) => (gets++, redis.get(k)) });
    const npcs = new StageNpcs(counting, prefix);
    const env = envelope();
    await expect(npcs.envelopeOf(toJob(env))).rejects.toThrow(/no copy in Redis/);
    await redis.set(keys.npc('kafra1'), JSON.stringify(npc));
    gets = 0;
    for (let i = 0; i < 20; i++) expect((await npcs.envelopeOf(toJob(envelope()))).npc).toEqual(npc);
    expect(gets).toBe(1);
    const newer = { ...npc, name: 'Kafra II', updatedAt: new Date(Date.parse(npc.updatedAt) + 1000).toISOString() };
    await redis.set(keys.npc('kafra1'), JSON.stringify(newer));
    expect((await npcs.envelopeOf(toJob(envelope({ npc: newer })))).npc.name).toBe('Kafra II');
    // An older job after the change gets the newer NPC, without a read.
    expect((await npcs.envelopeOf(toJob(env))).npc.name).toBe('Kafra II');
    expect(gets).toBe(2);
    // A whole envelope (a job from an older gateway) is taken as it is.
    expect((await npcs.envelopeOf(env)).npc.name).toBe('Kafra');
    await redis.del(keys.npc('kafra1'));
  });
});

describe('StreamLogWriter (decision log)', () => {
  const records = (n: number): DecisionRecord[] => Array.from({ length: n }, () => answerByRules(envelope(), 'w'));

  it('retries while the sink fails and loses nothing; a dead consumer’s entries are claimed', async () => {
    const stream = `${prefix}:log-test-${randomUUID()}`;
    const stored = new Map<string, DecisionRecord>();
    let failing = true;
    const kind = decisionLogKind({
      async insertMany(batch) {
        // Not a data error: nothing is split or set aside, the batch waits in the stream.
        if (failing) throw Object.assign(new Error('database down'), { code: 'ECONNREFUSED' });
        for (const r of batch) stored.set(r.decision.decisionId, r);
        return batch.length;
      },
    });
    const deadLetters: unknown[] = [];
    const sink = { add: async (l: readonly unknown[]) => void deadLetters.push(...l) };
    const opts = { streamKey: stream, group: DECISION_LOG_GROUP, batch: 40, blockMs: 50, claimIdleMs: 100 };
    const conn = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const writer = new StreamLogWriter(conn, kind, sink, log, { ...opts, consumer: 'a' });
    writer.start();
    const recs = records(100);
    for (const r of recs) await redis.xadd(stream, '*', 'r', JSON.stringify(r));
    await new Promise((r) => setTimeout(r, 400));
    expect(stored.size).toBe(0);
    expect(writer.stats.failures).toBeGreaterThan(0);
    // Consumer "a" dies holding unacknowledged entries; "b" takes them over once they are idle.
    await writer.stop();
    failing = false;
    const conn2 = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const other = new StreamLogWriter(conn2, kind, sink, log, { ...opts, consumer: 'b' });
    other.start();
    await expect.poll(() => stored.size, { timeout: 10_000 }).toBe(100);
    await other.stop();
    expect(await redis.xlen(stream)).toBe(0);
    expect(recs.every((r) => stored.get(r.decision.decisionId)?.answeredBy === 'w')).toBe(true);
    expect(deadLetters).toEqual([]);
    conn.disconnect();
    conn2.disconnect();
  });
});
