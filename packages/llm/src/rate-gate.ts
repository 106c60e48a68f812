import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { defineScripts } from '@npc/config';
import { redisKeys } from '@npc/contracts';
import type { ProviderRateGate } from './types';

const SCRIPTS = { npcRateTake: new URL('./lua/provider-rate.lua', import.meta.url) };

/** The Redis key of a provider's window (in the prefix's slot, like every key of ours). */
export const providerRateKey = (prefix: string, provider: string) => redisKeys(prefix).providerRate(provider);

/**
 * The per-provider requests-per-window limit shared by every LLM worker (`rpm` of a provider in
 * LLM_PROVIDERS, per LLM_RATE_WINDOW_MS — a minute unless shortened for tests): a sliding-window
 * log per provider in Redis (lua/provider-rate.lua). Takes a slot when fewer than `rpm` requests
 * are in the window, else answers the ms until the oldest one leaves it.
 */
export function redisRateGate(redis: Redis | Cluster, opts: { prefix: string; windowMs: number; workerId: string }): ProviderRateGate {
  const { npcRateTake } = defineScripts(redis, SCRIPTS);
  // Members must be unique across every gate (several clients may share a worker id): id + counter.
  const self = `${opts.workerId}:${randomBytes(4).toString('hex')}`;
  let seq = 0;
  return {
    async take(provider) {
      if (provider.rpm === undefined) return 0;
      return Number(await npcRateTake(providerRateKey(opts.prefix, provider.name), provider.rpm, opts.windowMs, `${self}:${++seq}`));
    },
  };
}
