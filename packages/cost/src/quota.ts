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

// KEYS: the key's counter, the player's counter.  ARGV: key cap, player cap (0 = none), ttl seconds.
// Both are checked before either is counted, in one step: a refused decision counts nowhere.
const TAKE_LUA = `
local k = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > 0 and k >= tonumber(ARGV[1]) then return 1 end
local p = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[2]) > 0 and p >= tonumber(ARGV[2]) then return 2 end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 0
`;

/** Counters outlive their day by this much (a day in another time zone is still running). */
const TTL_S = 2 * 86_400;

type QuotaScripts = { npcLlmQuotaTake(keyCounter: string, playerCounter: string, keyCap: number, playerCap: number, ttlS: number): Promise<number> };

export class LlmQuota {
  private readonly keys;
  private readonly run: QuotaScripts;

  constructor(redis: RedisLike, private readonly opts: LlmQuotaOptions) {
    this.keys = redisKeys(opts.prefix);
    const r = redis as RedisLike & Partial<QuotaScripts>;
    if (!r.npcLlmQuotaTake) redis.defineCommand('npcLlmQuotaTake', { numberOfKeys: 2, lua: TAKE_LUA });
    this.run = r as unknown as QuotaScripts;
  }

  get enabled(): boolean {
    return this.opts.perKeyPerDay > 0 || this.opts.perPlayerPerDay > 0;
  }

  /** Counts one LLM decision for the key and the player, or says which quota is spent (then nothing is counted). */
  async take(apiKeyId: string, playerId: string): Promise<QuotaRefusal | null> {
    const day = this.opts.day();
    const r = await this.run.npcLlmQuotaTake(
      this.keys.llmQuotaKey(day, apiKeyId), this.keys.llmQuotaPlayer(day, apiKeyId, playerId),
      this.opts.perKeyPerDay, this.opts.perPlayerPerDay, TTL_S,
    );
    return r === 1 ? 'key' : r === 2 ? 'player' : null;
  }
}
