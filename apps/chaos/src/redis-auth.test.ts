import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFRA, REPO_ROOT, startFakeLlm, type FakeLlm } from '@npc/testing';
import { ScratchRedis, until } from './infra';
import { ChaosStack, putNpc, type GatewayProc } from './stack';

const run = promisify(execFile);

/**
 * The whole stack (gateway, rules and LLM workers as processes, the CLI) against a Redis that
 * requires an ACL user: the default user is off, and the stack's user may touch only keys and
 * channels under its own prefix (`{npc-t-…}`), with a password that needs URL-encoding. Every
 * BullMQ connection, script, stream and channel must authenticate and stay under the prefix;
 * Redis's ACL LOG shows any that did not.
 */
describe('Redis with an ACL user and a password (credentials in REDIS_URL)', () => {
  let redis: ScratchRedis;
  let st: ChaosStack;
  let gw: GatewayProc;
  let fake: FakeLlm;
  let admin: Redis;

  beforeAll(async () => {
    redis = await ScratchRedis.start({
      kind: 'acl', user: 'npc-app', password: `s3cr:t@${randomBytes(8).toString('hex')}/x`, keys: '{npc-t-*',
      admin: { user: 'ops', password: randomBytes(12).toString('hex') },
    });
    admin = new Redis(redis.adminUrl, { maxRetriesPerRequest: 1 });
    fake = await startFakeLlm({ seed: 7, latencyMs: 5 });
    st = await ChaosStack.start({ REDIS_URL: redis.url });
    const providers = JSON.stringify([{ name: 'fake', baseURL: fake.url, model: 'fake-model', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 }]);
    [gw] = await Promise.all([st.gateway({ LLM_MIN_DEADLINE_MS: '200' }), st.rulesWorker(), st.llmWorker({ LLM_PROVIDERS: providers })]);
    await putNpc(gw.url, st.key, 'kafra1', KAFRA);
    await putNpc(gw.url, st.key, 'bard', { name: 'Bard Lorin', role: 'townsperson', background: 'A travelling bard.' });
  }, 90_000);
  afterAll(async () => {
    await st?.close();
    admin?.disconnect();
    await fake?.close();
    await redis?.close();
  });

  const decide = async (npc: string, text: string, allowedActions: string[], extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${gw.url}/v1/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${st.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ npc: { id: npc }, player: { id: `p-${randomUUID().slice(0, 8)}`, name: 'Aria' }, event: { type: 'talk', text }, allowedActions, deadlineMs: 3000, ...extra }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { decisionId: string; source: string };
  };

  it('decisions flow through every route (rules, LLM, cache, −1 eviction) and are stored; the CLI reads the budget', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await decide('kafra1', 'warp me to geffen please', ['warp', 'talk'])).decisionId);
    // The LLM route opens once the LLM worker's heartbeat reached the gateway.
    let llm: { decisionId: string; source: string } | undefined;
    expect(await until(async () => {
      llm = await decide('bard', 'who founded prontera?', ['talk', 'emote']);
      ids.push(llm.decisionId);
      return llm.source === 'llm';
    }, 20_000, 200)).toBe(true);
    const cached = await decide('bard', 'Who founded Prontera??', ['talk', 'emote']);
    ids.push(cached.decisionId);
    expect(cached.source).toBe('cache');
    const fb = await fetch(`${gw.url}/v1/decisions/${cached.decisionId}/feedback`, {
      method: 'POST', headers: { authorization: `Bearer ${st.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ rating: -1 }),
    });
    expect(fb.status).toBe(201);
    const again = await decide('bard', 'who founded prontera', ['talk', 'emote']);
    ids.push(again.decisionId);
    expect(again.source).toBe('llm');
    expect(await until(async () => (await st.stored(ids)) === ids.length, 15_000)).toBe(true);

    const cli = await run(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'apps/cli/src/main.ts'), 'costs'], {
      cwd: REPO_ROOT, env: { ...process.env, ...st.env, LOG_LEVEL: 'silent' }, timeout: 60_000,
    });
    expect(cli.stdout).toMatch(/budget \$\d+\.\d+ +spent \$0\.0\d+/);
    const aclLog = (await admin.call('ACL', 'LOG')) as unknown[];
    console.log(`Redis ACL user limited to {npc-t-*: ${ids.length} decisions answered and stored (rules, llm, cache, −1 eviction), CLI costs ok; ACL LOG entries: ${aclLog.length}`);
    // Nothing the stack did was refused: every key and channel it touched is under its prefix.
    expect(aclLog).toEqual([]);
  }, 120_000);

  it('refuses a client without credentials, and the stack user outside its prefix', async () => {
    const anon = new Redis(redis.anonymousUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true, enableReadyCheck: false });
    anon.on('error', () => undefined);
    await expect(anon.connect().then(() => anon.set('{npc-t-x}:probe', '1'))).rejects.toThrow(/NOAUTH|WRONGPASS|NOPERM|Authentication/i);
    anon.disconnect();
    const app = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    await expect(app.set('outside-the-prefix', '1')).rejects.toThrow(/NOPERM/);
    await expect(app.flushall()).rejects.toThrow(/NOPERM/);
    app.disconnect();
    await admin.call('ACL', 'LOG', 'RESET');
  });
});
