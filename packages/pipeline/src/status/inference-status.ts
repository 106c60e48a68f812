import type { Redis } from 'ioredis';
import { redisKeys } from '@npc/contracts';
import { HeartbeatWatcher, publishHeartbeat, removeHeartbeat } from './heartbeats';

/** An inference worker's heartbeat (`redisKeys(prefix).inferenceStatus`, worker id → JSON). */
export interface InferenceWorkerStatus {
  /** Epoch ms of the heartbeat. */
  at: number;
  /** A promoted model is loaded: the worker can classify. Without one, gateways keep routing to rules. */
  modelLoaded: boolean;
  /** The registry version of the loaded model; null without one. */
  version: number | null;
  /** The ONNX Runtime execution provider in use ('cuda' | 'cpu'); null before any model was loaded. */
  provider: string | null;
}

export async function publishInferenceStatus(redis: Redis, prefix: string, workerId: string, status: InferenceWorkerStatus): Promise<void> {
  await publishHeartbeat(redis, redisKeys(prefix).inferenceStatus, workerId, status);
}

export async function removeInferenceStatus(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await removeHeartbeat(redis, redisKeys(prefix).inferenceStatus, workerId);
}

/**
 * The gateway's view of the inference route: available while some inference worker reported a
 * loaded model within `staleMs` (default 3 s, so a killed worker stops getting jobs within a few
 * seconds; the jobs already queued to it are answered by the gateway's deadline fallback).
 */
export class InferenceStatusWatcher extends HeartbeatWatcher<InferenceWorkerStatus> {
  constructor(redis: Redis, prefix: string, opts: { intervalMs?: number; staleMs?: number } = {}) {
    super(redis, { key: redisKeys(prefix).inferenceStatus, isAvailable: (s) => s.modelLoaded, staleMs: 3000, ...opts });
  }

  /** The newest model version some fresh worker has loaded, or null. */
  get version(): number | null {
    let v: number | null = null;
    for (const s of Object.values(this.workers)) if (s.modelLoaded && s.version !== null && (v === null || s.version > v)) v = s.version;
    return v;
  }
}
