import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@npc/config';
import { agentKeys, decisionKeys, redisKeys, type DecisionEnvelope, type DecisionRecord, type Npc } from '@npc/contracts';
import { createRepositories, createTestDatabase, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, useTestRedis } from '@npc/testing';
import { answerByRules } from '../answer/answer';
import { BatchWriter } from './batch-writer';
import { finalizeDecision } from '../answer/finalize';
import { DECISION_LOG_GROUP, decisionLogKind, logKinds, memoryLogKind } from './kinds';
import { LogWriterMetrics } from './metrics';
import { replayDeadLetters } from './replay';
import { ShardedLogWriter } from './sharded-writer';
import { StreamLogWriter } from './stream-writer';

/**
 * The log writers against real Redis and PostgreSQL: a row PostgreSQL refuses (a NUL, a lone
 * surrogate that got past validation: inserted straight into the stream here), an unreadable entry
 * and a nil entry (deleted before it was read) among good ones → every good one stored, the bad
 * ones in dead_letters with their reason, counted, replayable after fixing; nothing thrown.
 */
const { prefix, redis } = useTestRedis();
const keys = redisKeys(prefix);
const log = createLogger('test', 'silent');
let db: TestDatabase;
let repos: ReturnType<typeof createRepositories>;
beforeAll(async () => {
  db = await createTestDatabase();
  repos = createRepositories(db.database.db);
});
afterAll(async () => db?.drop());

const npc: Npc = {
  id: 'kafra1', name: 'Kafra', role: 'kafra', background: '', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
  services: { warps: [{ destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 }] },
};
function record(text = 'warp me to geffen'): DecisionRecord {
  const now = Date.now();
  const env: DecisionEnvelope = {
    decisionId: randomUUID(), npc, apiKeyId: 'k1', receivedAt: now, deadlineAt: now + 200, replyTo: keys.replyChannel('t'), hops: ['rules'],
    request: { npc: { id: 'kafra1' }, player: { id: 'p1' }, event: { type: 'talk', text }, allowedActions: ['warp', 'talk'], deadlineMs: 200, wait: true },
  };
  return answerByRules(env, 'w');
}
const value = async (registry: Registry, name: string, labels: Record<string, string>) =>
  (await registry.getSingleMetric(name)?.get())?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;

describe('StreamLogWriter', () => {
  it('stores the good rows of a poisoned batch, sets the bad ones aside, skips a nil entry, and a replay after fixing stores them', async () => {
    const stream = `${prefix}:poison-${randomUUID()}`;
    const registry = new Registry();
    const metrics = new LogWriterMetrics(registry);
    const writer = new StreamLogWriter(redis, decisionLogKind(repos.decisions), repos.deadLetters, log,
      { streamKey: stream, group: DECISION_LOG_GROUP, consumer: 'a', batch: 64 }, metrics);
    const good = Array.from({ length: 40 }, () => record());
    // What PostgreSQL refuses: a NUL (22P05 in jsonb) and a lone surrogate (its JSON escape) in the request text.
    const nul = record('warp me\u0000 to geffen');
    const surrogate = record('warp me to geffen \ud800');
    for (const r of good.slice(0, 20)) await redis.xadd(stream, '*', 'r', JSON.stringify(r));
    await redis.xadd(stream, '*', 'r', JSON.stringify(nul));
    await redis.xadd(stream, '*', 'r', '{"not json');
    await redis.xadd(stream, '*', 'r', JSON.stringify(surrogate));
    for (const r of good.slice(20)) await redis.xadd(stream, '*', 'r', JSON.stringify(r));
    // A nil entry: read by a consumer that died, then deleted (what a trim did) before it was written.
    await redis.xgroup('CREATE', stream, DECISION_LOG_GROUP, '0', 'MKSTREAM');
    const gone = await redis.xadd(stream, '*', 'r', JSON.stringify(record()));
    await redis.call('XREADGROUP', 'GROUP', DECISION_LOG_GROUP, 'a', 'COUNT', 1000, 'STREAMS', stream, '>');
    await redis.xdel(stream, gone!);

    const n = await writer.drainOnce();
    expect(n).toBe(44);
    for (const r of good) expect(await repos.decisions.exists(r.decision.decisionId)).toBe(true);
    expect(await repos.decisions.exists(nul.decision.decisionId)).toBe(false);
    const letters = await repos.deadLetters.list({ log: 'decision-log' });
    expect(letters).toHaveLength(3);
    expect(letters.map((l) => l.errorCode)).toEqual(expect.arrayContaining(['22P05', null]));
    expect(letters.find((l) => l.errorCode === null)?.reason).toMatch(/unreadable entry/);
    expect(letters.every((l) => l.entryId && l.payload.length > 0)).toBe(true);
    expect(writer.stats).toMatchObject({ written: 40, deadLettered: 3, skipped: 1 });
    expect(await value(registry, 'npc_log_dead_letters_total', { log: 'decision-log' })).toBe(3);
    expect(await value(registry, 'npc_log_entries_skipped_total', { log: 'decision-log', reason: 'nil' })).toBe(1);
    expect(await value(registry, 'npc_log_entries_written_total', { log: 'decision-log' })).toBe(40);
    expect(await redis.xlen(stream)).toBe(0);
    const pending = (await redis.xpending(stream, DECISION_LOG_GROUP)) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
    console.log(`poisoned batch: ${letters.length} dead letters (${letters.map((l) => l.errorCode ?? 'unreadable').join(', ')}), 40/40 good rows stored, 1 nil entry skipped`);

    // Replayed as is, they are refused again (and stay pending); cleaned (the usual fix), they are stored.
    const again = await replayDeadLetters(repos.deadLetters, logKinds(repos));
    expect(again.replayed).toEqual([]);
    expect(again.failed).toHaveLength(3);
    const fixed = await replayDeadLetters(repos.deadLetters, logKinds(repos), { id: letters.find((l) => l.errorCode === '22P05')!.id, clean: true });
    expect(fixed.replayed).toHaveLength(1);
    const stored = await repos.decisions.get(nul.decision.decisionId);
    expect(stored?.request.event.text).toBe('warp me to geffen');
    expect(await repos.deadLetters.countPending('decision-log')).toBe(2);
    const all = await repos.deadLetters.list({ pending: false });
    expect(all.find((l) => l.id === fixed.replayed[0])?.replayedAt).toBeInstanceOf(Date);
    expect(all.find((l) => l.errorCode === null)?.replayAttempts).toBe(1);
  });

  it('the memory log: a refused episode is set aside, the other memories are stored', async () => {
    const stream = `${prefix}:mem-${randomUUID()}`;
    const writer = new StreamLogWriter(redis, memoryLogKind(repos.memories), repos.deadLetters, log, { streamKey: stream, group: 'pg-memory', consumer: 'a', batch: 50 });
    const episode = (id: string, text: string) => JSON.stringify({ id, kind: 'chat', text, importance: 0.3, at: Date.now() });
    for (let i = 0; i < 10; i++) await redis.xadd(stream, '*', 'a', `kafra1|p${i}|`, 'm', episode(`e${i}`, `hello ${i}`));
    await redis.xadd(stream, '*', 'a', 'kafra1|bad|', 'm', episode('e-bad', 'hello\u0000'));
    expect(await writer.drainOnce()).toBe(11);
    for (let i = 0; i < 10; i++) expect((await repos.memories.list('kafra1', `p${i}`)).map((m) => m.id)).toEqual([`e${i}`]);
    const letters = await repos.deadLetters.list({ log: 'memory-log' });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.payload).toContain('kafra1|bad|');
    const fixed = await replayDeadLetters(repos.deadLetters, logKinds(repos), { id: letters[0]!.id, clean: true });
    expect(fixed.replayed).toHaveLength(1);
    expect((await repos.memories.list('kafra1', 'bad'))[0]?.text).toBe('hello');
  });

  it('PostgreSQL down is not a bad row: nothing is set aside, the batch stays in the stream', async () => {
    const stream = `${prefix}:down-${randomUUID()}`;
    const kind = { ...decisionLogKind(repos.decisions), write: async () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); } };
    const writer = new StreamLogWriter(redis, kind, repos.deadLetters, log, { streamKey: stream, group: DECISION_LOG_GROUP, consumer: 'a', batch: 10 });
    await redis.xadd(stream, '*', 'r', JSON.stringify(record()));
    const before = await repos.deadLetters.countPending();
    await expect(writer.drainOnce()).rejects.toThrow(/ECONNREFUSED/);
    expect(await repos.deadLetters.countPending()).toBe(before);
    expect(await redis.xlen(stream)).toBe(1);
  });
});

describe('BatchWriter (the offline path)', () => {
  it('stores the good rows of a batch PostgreSQL refuses in part; the bad row becomes a dead letter', async () => {
    const registry = new Registry();
    const metrics = new LogWriterMetrics(registry);
    const writer = new BatchWriter(decisionLogKind(repos.decisions), log, { deadLetters: repos.deadLetters, counters: metrics, flushMs: 1 });
    const good = Array.from({ length: 30 }, () => record());
    const bad = record('offline \u0000');
    [...good.slice(0, 15), bad, ...good.slice(15)].forEach((r) => writer.push(r));
    await writer.close();
    for (const r of good) expect(await repos.decisions.exists(r.decision.decisionId)).toBe(true);
    const letter = (await repos.deadLetters.list({ log: 'decision-log' })).find((l) => l.payload.includes(bad.decision.decisionId));
    expect(letter?.errorCode).toBe('22P05');
    expect(letter?.entryId).toBeNull();
    expect(await value(registry, 'npc_log_dead_letters_total', { log: 'decision-log' })).toBe(1);
    expect(await value(registry, 'npc_log_entries_written_total', { log: 'decision-log' })).toBe(30);
  });
});

describe('finalize never trims the log', () => {
  it('appends without MAXLEN (a full stream keeps every entry), and log: false adds no entry', async () => {
    const own = `${prefix}:trim-${randomUUID()}`;
    const k = redisKeys(own);
    for (let i = 0; i < 120; i++) await finalizeDecision(redis, record(), '', { prefix: own, ttlSeconds: 60 });
    expect(await redis.xlen(k.decisionLog)).toBe(120);
    await finalizeDecision(redis, record(), '', { prefix: own, ttlSeconds: 60, log: false });
    expect(await redis.xlen(k.decisionLog)).toBe(120);
    await redis.del(k.decisionLog);
    expect(agentKeys(own).memoryLog).toBe(`${own}:mem-log`);
  });
});

describe('ShardedLogWriter', () => {
  it('DECISION_SHARDS=4: finalize spreads records over the shards\' streams (each with its record), and one writer over them (and the one-shard stream left from before a switch) stores every one once', async () => {
    const own = `${prefix.slice(0, -1)}-sh}`;
    const shards = decisionKeys(own, 4, { legacy: true });
    const before = Array.from({ length: 10 }, () => record());
    // Left by the installation before the switch: finalized in the one-shard layout.
    for (const r of before) await finalizeDecision(redis, r, '', { prefix: own, ttlSeconds: 60 });
    const after = Array.from({ length: 60 }, () => record());
    for (const r of after) await finalizeDecision(redis, r, '', { prefix: own, shards: 4, ttlSeconds: 60 });
    const perShard = await Promise.all(shards.logs.map((s) => redis.xlen(s)));
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(60);
    expect(perShard.every((n) => n > 0)).toBe(true);
    expect(await redis.xlen(shards.legacy!.logs[0]!)).toBe(10);
    for (const r of after) expect(await redis.exists(shards.decision(r.decision.decisionId))).toBe(1);
    const writer = new ShardedLogWriter(redis, decisionLogKind(repos.decisions), repos.deadLetters, log, [...shards.logs, ...shards.legacy!.logs],
      { group: DECISION_LOG_GROUP, consumer: 'a', batch: 16 });
    expect(await writer.drainOnce()).toBe(70);
    expect(writer.stats.written).toBe(70);
    for (const r of [...before, ...after]) expect((await repos.decisions.get(r.decision.decisionId))?.decision.decisionId).toBe(r.decision.decisionId);
    expect(await Promise.all([...shards.logs, ...shards.legacy!.logs].map((s) => redis.xlen(s)))).toEqual([0, 0, 0, 0, 0]);
    await deleteRedisPrefix(own);
  });
});
