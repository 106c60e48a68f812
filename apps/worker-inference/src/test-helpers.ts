/** Small real models, envelopes and a log capture for this app's tests (not exported from the index). */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { InferenceWorkerEnv, loadConfig } from '@npc/config';
import { DecisionRequest, redisKeys, type DecisionEnvelope, type Npc } from '@npc/contracts';
import { IntentClassifier, combineIntents, exportOnnx, generateCorpus, train } from '@npc/intent-model';
import { recognize } from '@npc/rules';
import type { ModelRegistry } from '@npc/persistence';
import { KAFRA as KAFRA_INPUT, registeredNpc } from '@npc/testing';

/** A small trained intent model as ONNX bytes (perIntent ~60: seconds to train). */
export function smallModel(seed: number, perIntent = 60): Uint8Array {
  const corpus = generateCorpus({ seed, perIntent });
  return exportOnnx(train(corpus, { seed }), { trainedFor: 'worker-inference tests', seed: String(seed) });
}

/** Stores `bytes` as a candidate and promotes it; returns its version. */
export async function promote(models: ModelRegistry, bytes: Uint8Array): Promise<number> {
  const info = await models.insertCandidate({ bytes, featureVersion: 'test', examples: 100, heldOut: 20, accuracy: 0.9 });
  await models.promote(info.version);
  return info.version;
}

/** The shared Kafra fixture as registered under `kafra1`. */
export const KAFRA: Npc = registeredNpc(KAFRA_INPUT, 'kafra1');

/** An envelope as the gateway would enqueue it to the inference queue. */
export function envelope(prefix: string, text: string, over: { deadlineMs?: number; deadlineAt?: number; npc?: Npc; allowedActions?: DecisionRequest['allowedActions'] } = {}): DecisionEnvelope {
  const now = Date.now();
  const deadlineMs = over.deadlineMs ?? 3000;
  const npc = over.npc ?? KAFRA;
  return {
    decisionId: randomUUID(),
    npc,
    apiKeyId: 'k1',
    receivedAt: now,
    deadlineAt: over.deadlineAt ?? now + deadlineMs,
    replyTo: redisKeys(prefix).replyChannel('test'),
    hops: ['inference'],
    request: DecisionRequest.parse({
      npc: { id: npc.id }, player: { id: 'p1', name: 'Aria', level: 12 }, event: { type: 'talk', text },
      allowedActions: over.allowedActions ?? ['warp', 'talk', 'emote', 'open_storage'], deadlineMs, wait: true,
    }),
  };
}

/** The worker's config for a test: own prefix and schema, a temp model dir, quiet. */
export function workerConfig(env: Record<string, string>): InferenceWorkerEnv {
  return loadConfig(InferenceWorkerEnv, {
    ...process.env, LOG_LEVEL: 'silent', INFERENCE_DEVICE: 'cpu', MODEL_POLL_MS: '60000', MODEL_DIR: mkdtempSync(join(tmpdir(), 'npc-models-')), ...env,
  });
}

/** A logger whose lines (parsed JSON) are kept for assertions. */
export function capturingLogger(level = 'info'): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level }, stream), lines };
}

/**
 * Phrasings picked with the real model and the real combination: one the model knows confidently
 * and the rules do not (`by: 'model'`), from the generated corpus.
 */
export async function knownPhrasing(bytes: Uint8Array, modelConfident = 0.8): Promise<{ text: string; intent: string }> {
  const cls = await IntentClassifier.load(bytes, { device: 'cpu' });
  try {
    const texts = [...new Set(generateCorpus({ seed: 99, perIntent: 40 }).map((e) => e.text))];
    const preds = await cls.classifyBatch(texts);
    for (let i = 0; i < texts.length; i++) {
      const c = combineIntents(recognize(texts[i], { eventType: 'talk' }).intent, preds[i], { modelConfident });
      if (c.by === 'model' && c.intent.name !== 'unknown') return { text: texts[i]!, intent: c.intent.name };
    }
    throw new Error('no phrasing that only the model knows');
  } finally {
    await cls.release();
  }
}
