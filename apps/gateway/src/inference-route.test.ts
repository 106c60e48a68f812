/**
 * The inference route end to end: a gateway, the rules worker, and an inference worker process
 * (ONNX Runtime on the CPU) with a small model promoted in the registry. Known phrasings are
 * answered through the inference queue with source `model`; once the inference worker is killed
 * its heartbeat goes stale and the gateway routes to the rules again, every request answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision } from '@npc/contracts';
import { readDecision } from '@npc/pipeline';
import { KAFRA, startApp, type AppProcess } from '@npc/testing';
import { knownPhrasing, promote, smallModel } from '../../worker-inference/src/test-helpers';
import { decisionBody, http, startStack, type Stack } from './test-harness';

describe('the inference route', () => {
  let s: Stack;
  let worker: AppProcess | undefined;
  let known: { text: string; intent: string };
  const modelDir = mkdtempSync(join(tmpdir(), 'npc-gw-models-'));

  beforeAll(async () => {
    s = await startStack({ worker: 'in-process' });
    expect((await http(s.url, 'PUT', '/v1/npcs/kafra', { key: s.keys.admin, body: KAFRA })).status).toBeLessThan(300);
    const bytes = smallModel(1);
    known = await knownPhrasing(bytes);
    await promote(s.repos.models, bytes);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await s?.close();
    rmSync(modelDir, { recursive: true, force: true });
  });

  const ask = (text: string, deadlineMs = 3000) =>
    http(s.url, 'POST', '/v1/decisions', { key: s.keys.game, body: decisionBody('kafra', { event: { type: 'talk', text }, allowedActions: ['talk', 'emote', 'warp'], deadlineMs }) });

  it('without an inference worker the route stays closed: rules answer', async () => {
    await s.gateway.deps.inferenceStatus.refresh();
    expect(s.gateway.deps.inferenceStatus.available).toBe(false);
    const r = await ask(known.text);
    expect(r.status).toBe(200);
    expect(Decision.parse(r.body).source).toBe('rules');
  });

  it('with an inference worker up and a model promoted, a known phrasing goes through the inference queue (source model)', async () => {
    worker = startApp('worker-inference', { ...s.workerEnv, MODEL_DIR: modelDir, INFERENCE_DEVICE: 'cpu', LOG_LEVEL: 'info' });
    await worker.waitFor(/inference worker ready/, 30_000);
    await expect.poll(async () => {
      await s.gateway.deps.inferenceStatus.refresh();
      return s.gateway.deps.inferenceStatus.available;
    }, { timeout: 10_000 }).toBe(true);
    const r = await ask(known.text);
    expect(r.status).toBe(200);
    const d = Decision.parse(r.body);
    expect(d.source).toBe('model');
    expect(d.intent.name).toBe(known.intent);
    expect((await readDecision(s.gateway.deps.redis, s.prefix, d.decisionId))?.answeredBy).toMatch(/^worker-inference:/);
    // Phrasings the rules know well are answered there too (source rules), through the same queue.
    const warp = Decision.parse((await ask('warp me to geffen please')).body);
    expect(warp.source).toBe('rules');
    expect((await readDecision(s.gateway.deps.redis, s.prefix, warp.decisionId))?.answeredBy).toMatch(/^worker-inference:/);
    await s.gateway.deps.ops.refresh();
    const metrics = await http(s.url, 'GET', '/metrics');
    expect(String(metrics.body)).toMatch(/npc_model_info\{version="\d+"\} 1/);
    expect(String(metrics.body)).toContain('npc_inference_workers{loaded="true",provider="cpu"} 1');
    expect(String(metrics.body)).toMatch(/npc_queue_jobs\{queue="inference",state="completed"\} [1-9]/);
  });

  it('a killed inference worker: the gateway routes to the rules again within a few seconds, every request answered', async () => {
    await worker!.stop('SIGKILL');
    worker = undefined;
    const killedAt = Date.now();
    const results: { status: number; at: number; id?: string }[] = [];
    while (Date.now() - killedAt < 7000) {
      const batch = await Promise.all(Array.from({ length: 4 }, () => ask(known.text, 400)));
      for (const r of batch) results.push({ status: r.status, at: Date.now(), id: (r.body as { decisionId?: string }).decisionId });
    }
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(s.gateway.deps.inferenceStatus.available).toBe(false);
    // After the heartbeat went stale (3 s) and the next poll, the rules worker answers.
    const late = results.filter((r) => r.at - killedAt > 5000);
    expect(late.length).toBeGreaterThan(0);
    for (const r of late) {
      const rec = await readDecision(s.gateway.deps.redis, s.prefix, r.id!);
      expect(rec?.answeredBy).toMatch(/^worker-rules:/);
    }
  });
});
