import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@npc/config';
import { queuePrefix, redisKeys, type DecisionRecord } from '@npc/contracts';
import { DECISION_LOG_GROUP, decisionLogKind, StreamLogWriter } from '@npc/pipeline';
import { KAFRA, isolatedEnv, runCli } from '@npc/testing';
import { allStored, decisionBody, http, startStack, type Stack } from './test-harness';

/**
 * The storage guarantees of README "Guarantees", through the real gateway, Redis and PostgreSQL:
 * poisoned input refused at the edge, a poisoned log entry set aside without stopping the log,
 * backpressure when workers stall, and a full log stream diverted instead of trimmed.
 */
const stacks: Stack[] = [];
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
  redis.disconnect();
});
const log = createLogger('test', 'silent');

async function started(opts: Parameters<typeof startStack>[0]): Promise<Stack> {
  const s = await startStack(opts);
  stacks.push(s);
  await http(s.url, 'PUT', '/v1/npcs/kafra1', { key: s.keys.admin, body: KAFRA });
  return s;
}

/** Sends `n` requests, `concurrency` at a time; returns the replies. */
async function burst(s: Stack, n: number, concurrency: number, over: Record<string, unknown> = {}) {
  const replies: { status: number; body: any }[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      replies.push(await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', over) }));
    }
  }));
  return replies;
}


/** One sample of a Prometheus counter/gauge from the gateway's /metrics. */
async function metric(s: Stack, line: RegExp): Promise<number | undefined> {
  const text = (await http<string>(s.url, 'GET', '/metrics')).body;
  const m = text.split('\n').find((l) => line.test(l));
  return m === undefined ? undefined : Number(m.split(' ').pop());
}

describe('poisoned input', () => {
  it('NUL and lone surrogates are refused with a 400 naming the field, on every route that takes text', async () => {
    const s = await started({});
    const decide = (over: Record<string, unknown>) => http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', over) });
    const cases: [string, Promise<{ status: number; body: any }>][] = [
      ['event.text', decide({ event: { type: 'talk', text: 'warp me\u0000 to geffen' } })],
      ['event.text', decide({ event: { type: 'talk', text: 'warp me to geffen \ud83d' } })],
      ['player.name', decide({ player: { id: 'p1', name: 'Ar\udc00ia' } })],
      ['player.job', decide({ player: { id: 'p1', job: 'Knight\u0000' } })],
      ['requestId', decide({ requestId: 'r\u0000' })],
      ['context.map', decide({ context: { map: 'prontera\u0000' } })],
      ['context.bad\ufffd', decide({ context: { 'bad\ud800': 1 } })],
      ['background', http(s.url, 'PUT', '/v1/npcs/kafra2', { key: s.keys.admin, body: { ...KAFRA, background: 'x\u0000' } })],
      ['services.warps.0.destination', http(s.url, 'PUT', '/v1/npcs/kafra2', { key: s.keys.admin, body: { ...KAFRA, services: { warps: [{ destination: 'Gef\ud800fen', map: 'geffen', x: 1, y: 1, fee: 0 }] } } })],
      ['text', http(s.url, 'POST', '/v1/events', { key: s.keys.admin, body: { type: 'news', text: 'The king \ud800 is ill' } })],
    ];
    for (const [field, pending] of cases) {
      const r = await pending;
      expect(r.status, field).toBe(400);
      expect(r.body.error.field, field).toBe(field);
      expect(r.body.error.message).toMatch(/NUL|surrogate/);
    }
    const ok = await decide({});
    expect(ok.status).toBe(200);
    const fb = await http(s.url, 'POST', `/v1/decisions/${ok.body.decisionId}/feedback`, { key: s.keys.game, body: { rating: 1, outcome: 'fine\u0000' } });
    expect(fb.status).toBe(400);
    expect(fb.body.error.field).toBe('outcome');
    // Ordinary work flows and is stored afterwards.
    const after = await burst(s, 20, 4);
    expect(after.every((r) => r.status === 200)).toBe(true);
    await allStored(s, [ok.body.decisionId, ...after.map((r) => r.body.decisionId)]);
  });

  it('a poisoned entry in the decision log (past validation) and a nil entry never stop it: every ordinary decision is stored, the bad one is a dead letter, replayable after fixing', async () => {
    // Prepared before the gateway starts: a nil entry in its writer's own pending list (read, then
    // deleted from the stream: what MAXLEN ~ used to do) and an entry PostgreSQL refuses.
    const { QUEUE_PREFIX } = isolatedEnv();
    const INSTANCE_ID = `poison-${randomUUID().slice(0, 8)}`;
    const keys = redisKeys(QUEUE_PREFIX);
    await redis.xgroup('CREATE', keys.decisionLog, DECISION_LOG_GROUP, '0', 'MKSTREAM');
    const gone = await redis.xadd(keys.decisionLog, '*', 'r', '{}');
    await redis.call('XREADGROUP', 'GROUP', DECISION_LOG_GROUP, INSTANCE_ID, 'COUNT', 10, 'STREAMS', keys.decisionLog, '>');
    await redis.xdel(keys.decisionLog, gone!);
    const s = await started({ env: { QUEUE_PREFIX, INSTANCE_ID } });
    // A real decision, its copy poisoned the way a row PostgreSQL refuses is: a NUL in `say`.
    const first = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1') });
    await allStored(s, [first.body.decisionId]);
    const stored = (await s.repos.decisions.get(first.body.decisionId))!;
    const poisoned: DecisionRecord = { ...stored, decision: { ...stored.decision, decisionId: randomUUID(), say: 'Geffen\u0000, off you go' } };
    await redis.xadd(keys.decisionLog, '*', 'r', JSON.stringify(poisoned));
    const replies = await burst(s, 40, 4);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await allStored(s, replies.map((r) => r.body.decisionId));
    console.log(`poisoned log entry: 40/40 ordinary decisions stored after it`);

    const env = { DATABASE_SCHEMA: s.schema };
    const listed = await runCli(['dead-letters', 'list', '--full'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const letters = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; log: string; reason: string; errorCode: string; payload: string });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ log: 'decision-log', errorCode: '22P05' });
    expect(letters[0]!.payload).toContain(poisoned.decision.decisionId);
    expect(await metric(s, /^npc_log_dead_letters_total\{log="decision-log"\}/)).toBe(1);
    expect(await metric(s, /^npc_log_entries_skipped_total\{log="decision-log",reason="nil"\}/)).toBe(1);

    const replay = await runCli(['dead-letters', 'replay', letters[0]!.id, '--clean'], env);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain(`replayed ${letters[0]!.id}`);
    expect((await s.repos.decisions.get(poisoned.decision.decisionId))?.decision.say).toBe('Geffen, off you go');
    expect((await runCli(['dead-letters', 'list'], env)).stdout.trim()).toBe('');
    console.log(`dead letter ${letters[0]!.id} (${letters[0]!.errorCode}: ${letters[0]!.reason}) listed and replayed with --clean`);
  }, 120_000);
});

describe('backpressure', () => {
  it('a stalled worker (SIGSTOP): the gateway sheds to its in-process rules, the queue and its Redis memory stay bounded, and everything is stored', async () => {
    const depth = 100;
    const s = await started({ worker: 'none', env: { SHED_QUEUE_DEPTH: String(depth), SHED_JOB_AGE_MS: '600000', SHED_SAMPLE_MS: '50' } });
    const worker = await s.spawnWorker();
    const warm = await burst(s, 10, 2);
    expect(warm.every((r) => r.body.source === 'rules')).toBe(true);
    worker.child.kill('SIGSTOP');
    try {
      const rules = `${queuePrefix(s.prefix, 'rules')}:rules`;
      const wait = `${rules}:wait`;
      const queueBytes = async () => {
        let bytes = 0;
        let cursor = '0';
        do {
          const [next, found] = await redis.scan(cursor, 'MATCH', `${rules}:*`, 'COUNT', 1000);
          cursor = next;
          for (const k of found) bytes += Number(await redis.call('MEMORY', 'USAGE', k) ?? 0);
        } while (cursor !== '0');
        return bytes;
      };
      const usedBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
      const rounds: { sent: number; waiting: number; queueBytes: number; shed: number }[] = [];
      const ids: string[] = warm.map((r) => r.body.decisionId);
      for (let round = 0; round < 3; round++) {
        const replies = await burst(s, 600, 32, { deadlineMs: 100 });
        expect(replies.every((r) => r.status === 200)).toBe(true);
        ids.push(...replies.map((r) => r.body.decisionId));
        rounds.push({ sent: 600, waiting: await redis.llen(wait), queueBytes: await queueBytes(), shed: (await metric(s, /^npc_decisions_shed_total\{queue="rules",reason="depth"\}/)) ?? 0 });
      }
      const usedAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
      console.log(`stalled worker: ${rounds.map((r, i) => `round ${i + 1}: ${r.waiting} waiting, queue keys ${(r.queueBytes / 1024).toFixed(0)} KiB, shed so far ${r.shed}`).join('; ')}; Redis used_memory ${((usedAfter - usedBefore) / 1024 / 1024).toFixed(1)} MiB more after 1,800 requests (shared Redis; decision records with their TTL included)`);
      // The queue stops at the threshold (plus what one sample interval lets through), however many requests come.
      for (const r of rounds) expect(r.waiting).toBeLessThanOrEqual(depth + 64);
      expect(rounds[2]!.queueBytes).toBeLessThanOrEqual(rounds[0]!.queueBytes * 1.25 + 64 * 1024);
      expect(rounds[2]!.shed).toBeGreaterThan(1500);
      await allStored(s, ids);
      const shedRows = await s.db.database.db.selectFrom('decisions').select((eb) => eb.fn.countAll<string>().as('n')).where('answered_by', 'like', 'gateway-shed:%').executeTakeFirstOrThrow();
      expect(Number(shedRows.n)).toBe(rounds[2]!.shed);
      console.log(`stalled worker: ${shedRows.n} of 1,800 decisions answered_by gateway-shed:<instance>, all 1,810 stored`);
    } finally {
      worker.child.kill('SIGCONT');
    }
    // The worker resumes, drains the queue; shedding lifts within a sample.
    await expect.poll(() => redis.llen(`${queuePrefix(s.prefix, 'rules')}:rules:wait`), { timeout: 30_000 }).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    const after = await http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra1', { deadlineMs: 2000 }) });
    await allStored(s, [after.body.decisionId]);
    expect((await s.repos.decisions.get(after.body.decisionId))?.answeredBy).toMatch(/^worker-rules:/);
  }, 180_000);
});

describe('log stream cap', () => {
  it('at LOG_STREAM_MAX_LEN the gateway stops adding to the stream and stores its answers in PostgreSQL directly; nothing is trimmed', async () => {
    const cap = 100;
    // No log writer: the stream only grows, as while PostgreSQL is down.
    const s = await started({ env: { LOG_STREAM_MAX_LEN: String(cap), DECISION_LOG_WRITER: 'false', SHED_SAMPLE_MS: '20' } });
    const keys = redisKeys(s.prefix);
    const ids: string[] = [];
    let maxLen = 0;
    for (let i = 0; i < 30; i++) {
      const replies = await burst(s, 10, 2);
      expect(replies.every((r) => r.status === 200)).toBe(true);
      ids.push(...replies.map((r) => r.body.decisionId));
      maxLen = Math.max(maxLen, await redis.xlen(keys.decisionLog));
    }
    const inStream = await redis.xlen(keys.decisionLog);
    const bytes = Number(await redis.call('MEMORY', 'USAGE', keys.decisionLog, 'SAMPLES', '0'));
    console.log(`stream cap ${cap}: longest ${maxLen}, ${inStream} entries kept (${(bytes / inStream).toFixed(0)} bytes each in Redis), the other ${ids.length - inStream} stored directly`);
    expect(maxLen).toBeLessThanOrEqual(cap + 8);
    expect(await metric(s, /^npc_decisions_shed_total\{queue="rules",reason="log-full"\}/)).toBeGreaterThan(150);
    expect(await metric(s, /^npc_log_stream_cap\{log="decision-log"\}/)).toBe(cap);
    expect(await metric(s, /^npc_log_stream_length\{log="decision-log"\}/)).toBe(inStream);
    expect(s.gateway.deps.backpressure?.llmOpen).toBe(false);
    // The diverted ones are in PostgreSQL already; the stream kept every other one (none trimmed):
    const streamed = new Set((await redis.xrange(keys.decisionLog, '-', '+')).map(([, f]) => (JSON.parse(f[1]!) as DecisionRecord).decision.decisionId));
    const direct = ids.filter((id) => !streamed.has(id));
    await allStored(s, direct);
    expect(streamed.size + direct.length).toBe(ids.length);
    // Once a writer runs again (PostgreSQL back), everything is stored.
    const writer = new StreamLogWriter(redis, decisionLogKind(s.repos.decisions), s.repos.deadLetters, log,
      { streamKey: keys.decisionLog, group: DECISION_LOG_GROUP, consumer: 'test', batch: 500 });
    await writer.drainOnce();
    await allStored(s, ids);
  }, 120_000);
});
