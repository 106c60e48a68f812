import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedis } from '@npc/config';
import { redisKeys } from '@npc/contracts';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv } from '@npc/testing';
import { putNpc, rate, storeDecisions } from '@npc/learning/testing';
import { progressBar } from './learn';
import { npc } from './test-cli';

describe('npc learn / eval / classify', () => {
  let test: TestDatabase;
  let repos: Repositories;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    test = await createTestDatabase();
    repos = createRepositories(test.database.db);
    dir = await mkdtemp(path.join(tmpdir(), 'npc-cli-learn-'));
    env = {
      ...isolatedEnv(),
      DATABASE_SCHEMA: test.schema,
      LEARN_CORPUS_PER_INTENT: '60',
      MODEL_DIR: path.join(dir, 'models'),
    };
  });
  afterAll(async () => {
    await test.drop();
    await deleteRedisPrefix(env.QUEUE_PREFIX!);
    await rm(dir, { recursive: true, force: true });
  });

  it('classify without a promoted model: the rules alone, one warning on stderr, clean JSONL on stdout', async () => {
    const r = await npc(['classify'], env, '{"text":"warp me to geffen please"}\nnot json\n{"text":"hello"}\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string | null; intent: string });
    expect(lines.map((l) => [l.text, l.intent])).toEqual([
      ['warp me to geffen please', 'warp'],
      [null, 'unknown'],
      ['hello', 'greet'],
    ]);
    expect(r.stderr.match(/no promoted intent model/g)).toHaveLength(1);
  });

  it('learn --once: ingests, trains with a progress bar on stderr, prints the summary and promotes', async () => {
    await putNpc(repos, 'kafra_1', 'kafra');
    const ids = await storeDecisions(repos, [
      { npcId: 'kafra_1', text: 'please keep my stuff safe', intent: 'storage' },
      { npcId: 'kafra_1', text: 'please keep my loot safe', intent: 'storage' },
      { npcId: 'kafra_1', intent: 'greet' },
    ]);
    await rate(repos, ids[0]!, 1);
    // Ingest reads only rows older than its 1 s settle time: make sure these are.
    await new Promise((r) => setTimeout(r, 1_200));
    const r = await npc(['learn', '--once'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/training \[#+\] epoch 10\/10 {2}loss \d+\.\d{4}/);
    expect(r.stdout).toMatch(/^ingested 3 decisions \(1 without text\), 1 feedback rows, 1 ratings; 2 patterns$/m);
    expect(r.stdout).toMatch(/intent model v1: PROMOTED \(no model promoted yet\)/);
    expect(r.stdout).toMatch(/examples {4}\d+ \(learnt [0-2]\)/);
    expect(r.stdout).toMatch(/held-out {4}\d+/);
    expect(r.stdout).toMatch(/accuracy {4}\d+\.\d% on its held-out split/);
    expect((await repos.models.promoted())?.version).toBe(1);
  });

  it('eval prints accuracy, per-intent precision/recall, confusions, and rules/model alone', async () => {
    const file = path.join(dir, 'labelled.jsonl');
    const rows = [
      { text: 'hello there', intent: 'greet' },
      { text: 'can you warp me to izlude', intent: 'warp' },
      { text: 'i want to buy 5 red potions', intent: 'buy' },
      { text: 'goodbye friend', intent: 'farewell' },
      { text: 'store my items please', intent: 'storage' },
      { text: 'what is the history of prontera', intent: 'lore' },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const r = await npc(['eval', file], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/product \(registry v1\) on .*labelled\.jsonl: accuracy \d+\.\d% \(\d+\/6\)/);
    expect(r.stdout).toMatch(/intent +precision +recall +support/);
    expect(r.stdout).toMatch(/^ {2}warp +\d+\.\d% +\d+\.\d% +1$/m);
    expect(r.stdout).toMatch(/^rules alone: +\d+\.\d% \(\d+\/6\)$/m);
    expect(r.stdout).toMatch(/^model alone: +\d+\.\d% \(\d+\/6\) {2}\[registry v1, cpu\]$/m);

    const rulesOnly = await npc(['eval', file, '--rules-only'], env);
    expect(rulesOnly.stdout).toMatch(/product \(rules only\)/);
    expect(rulesOnly.stdout).toMatch(/model alone: +n\/a/);

    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, '{"text":"hi","intent":"nope"}\n');
    const failed = await npc(['eval', bad], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/bad\.jsonl:1: needs a string "text" and a known "intent"/);
  });

  it('classify with the promoted model: same order, no warning', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `buy ${i} red potions` : i % 3 === 1 ? 'warp me to payon' : 'bye'));
    const r = await npc(['classify'], env, texts.map((text) => JSON.stringify({ text })).join('\n'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; intent: string; confidence: number });
    expect(out.map((o) => o.text)).toEqual(texts);
    expect(out[0]).toMatchObject({ intent: 'buy' });
    expect(out[1]).toMatchObject({ intent: 'warp' });
    expect(out[2]).toMatchObject({ intent: 'farewell' });
  });

  it('models lists the registry; --promote rolls back to an earlier version and announces it', async () => {
    const v1 = (await repos.models.promoted())!;
    const v2 = await repos.models.insertCandidate({ bytes: v1.bytes, featureVersion: v1.featureVersion, examples: 1, heldOut: 1, accuracy: 0.5 });
    await repos.models.promote(v2.version);
    const listed = await npc(['models'], env);
    expect(listed.stdout).toMatch(new RegExp(`^v${v2.version} +promoted `, 'm'));
    expect(listed.stdout).toMatch(/^v1 +retired /m);

    const sub = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'subscriber');
    const heard: string[] = [];
    await sub.subscribe(redisKeys(env.QUEUE_PREFIX!).modelPromoted);
    sub.on('message', (_c: string, m: string) => heard.push(m));
    try {
      const r = await npc(['models', '--promote', '1'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/could not announce/);
      expect(r.stdout).toMatch(new RegExp(`^v1 promoted \\(v${v2.version} retired\\)`, 'm'));
      expect((await repos.models.promoted())?.version).toBe(1);
      await vi.waitFor(() => expect(heard).toEqual(['1']), { timeout: 3000 });
    } finally {
      sub.disconnect();
    }
    const missing = await npc(['models', '--promote', '99'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/intent model v99 is not in the registry/);
    const bad = await npc(['models', '--promote', 'latest'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--promote: a model version/);
  });
});

describe('progressBar', () => {
  it('redraws in place on a terminal and prints lines otherwise', () => {
    let tty = '';
    const bar = progressBar((s) => (tty += s), true, 10);
    bar({ epoch: 1, epochs: 2, loss: 0.5 });
    bar({ epoch: 2, epochs: 2, loss: 0.25 });
    expect(tty).toBe('\rtraining [#####-----] epoch 1/2  loss 0.5000\rtraining [##########] epoch 2/2  loss 0.2500\n');
    let plain = '';
    progressBar((s) => (plain += s), false, 4)({ epoch: 1, epochs: 4, loss: 1 });
    expect(plain).toBe('training [#---] epoch 1/4  loss 1.0000\n');
  });
});
