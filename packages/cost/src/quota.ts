import { defineScripts } from '@npc/config';
import { redisKeys } from '@npc/contracts';
import type { RedisLike } from './budget';

/**
 * Daily LLM quotas per API key and per player, so that no single caller drains the day's budget:
 * past either, its decisions are answered by the rules (never an error). Counted in Redis (shared by
 * every LLM worker) per budget day, one LLM decision at a time, whatever number of provider requests
 * it then makes; a decision over a quota is not counted.
 */
export interface LlmQuotaOptions {
  /** Key prefix with a hashtag, e.g. '{npc}'. */
  prefix: string;
  /** LLM decisions per API key and budget day (0 = no cap). */
  perKeyPerDay: number;
  /** LLM decisions per player (per API key) and budget day (0 = no cap). */
  perPlayerPerDay: number;
  /** The current budget day ('YYYY-MM-DD', e.g. `DailyBudget.day()`). */
  day: () => string;
}

/** Which quota refused a decision. */
export type QuotaRefusal = 'key' | 'player';

const SCRIPTS = { npcLlmQuotaTake: new URL('./lua/quota-take.lua', import.meta.url) };

/** Counters outlive their day by this much (a day in another time zone is still running). */
const TTL_S = 2 * 86_400;

export class LlmQuota {
  private readonly keys;
  private readonly run;

  constructor(redis: RedisLike, private readonly opts: LlmQuotaOptions) {
    this.keys = redisKeys(opts.prefix);
    this.run = defineScripts(redis, SCRIPTS);
  }

  get enabled(): boolean {
    return this.opts.perKeyPerDay > 0 || this.opts.perPlayerPerDay > 0;
  }

  /** Counts one LLM decision for the key and the player, or says which quota is spent (then nothing is counted). */
  async take(apiKeyId: string, playerId: string): Promise<QuotaRefusal | null> {
    const day = this.opts.day();
    // lua/quota-take.lua: both quotas checked, then both counted, in one step.
    const r = await this.run.npcLlmQuotaTake(
      this.keys.llmQuotaKey(day, apiKeyId), this.keys.llmQuotaPlayer(day, apiKeyId, playerId),
      this.opts.perKeyPerDay, this.opts.perPlayerPerDay, TTL_S,
    );
    return r === 1 ? 'key' : r === 2 ? 'player' : null;
  }
}
