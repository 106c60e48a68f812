import { fnv1a } from './random';

/**
 * Hash slots: where a key lives in a Redis Cluster (and which DragonFly thread-shard runs it).
 *
 * Every key carries a hashtag. The configured prefix (`{npc}`) is one hashtag; everything derived
 * from it is written here so that no package invents a key layout of its own:
 * - each BullMQ queue on its own hashtag, `{npc:rules}`, `{npc:llm}`, … (`queuePrefix`); the
 *   rules queue, which carries nearly every decision, optionally over RULES_QUEUE_SHARDS hashtags
 *   `{npc:rules<i>.<k>}` (`queuePrefixes`);
 * - the hot per-decision keys (idempotency claim, record, pending marker, decision-log stream)
 *   spread over DECISION_SHARDS hashtags (`decisionKeys`). One shard is today's layout exactly
 *   (`{npc}:decision:<id>`, `{npc}:decision-log`, …); N shards are N tags `{npc:d<i>.<k>}` whose
 *   slots are spread evenly over the 16,384 slots, so that a cluster with its slots split in even
 *   ranges (what `redis-cli --cluster create` makes) serves an even share of them on each master.
 */

/** CRC16/XMODEM, the checksum Redis Cluster hashes keys with. */
function crc16(s: string): number {
  let crc = 0;
  for (const byte of new TextEncoder().encode(s)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export const HASH_SLOTS = 16_384;

/** Redis Cluster's slot of `key`: the CRC16 of its hashtag (the first non-empty `{…}`) or of the whole key. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % HASH_SLOTS;
  }
  return crc16(key) % HASH_SLOTS;
}

/** `{npc}` + `rules` → `{npc:rules}`: a hashtag of its own, derived from the prefix's (a prefix without one gets one). */
export function withTag(prefix: string, suffix: string): string {
  const m = /\{([^{}]+)\}/.exec(prefix);
  return m ? prefix.replace(m[0], `{${m[1]}:${suffix}}`) : `{${prefix}:${suffix}}`;
}

/** BullMQ's `prefix` option of a queue (Queue, Worker, QueueEvents): the queue on its own hashtag. */
export const queuePrefix = (prefix: string, queue: string): string => withTag(prefix, queue);

/**
 * The BullMQ prefixes of a queue: the rules queue (nearly every decision passes through it, and
 * BullMQ's scripts are most of Redis's work per decision) may be kept over `shards` queues
 * (RULES_QUEUE_SHARDS), each on a hashtag of its own, a decision's job in the queue
 * `shardOf(decisionId, shards)`; every other queue is one queue on its own tag.
 */
export function queuePrefixes(prefix: string, queue: string, shards = 1): readonly string[] {
  return queue === 'rules' && shards > 1 ? shardTags(prefix, shards, 'rules') : [queuePrefix(prefix, queue)];
}

/**
 * SCAN patterns that together match every key derived from `prefix` (its own tag and the derived
 * ones): for cleanup and for counting keys.
 */
export function keyPatterns(prefix: string): string[] {
  const escape = (s: string) => s.replace(/[[\]*?\\]/g, (c) => `\\${c}`);
  const m = /\{([^{}]+)\}/.exec(prefix);
  if (!m) return [`${escape(prefix)}*`, `${escape(`{${prefix}:`)}*`];
  return [`${escape(prefix)}*`, `${escape(prefix.slice(0, m.index + m[0].length - 1))}:*`];
}

/** The shard (0 … shards−1) of the thing named `of` (a decision id; an API key and request id): FNV-1a, the same in every process and version. */
export const shardOf = (of: string, shards: number): number => (shards <= 1 ? 0 : fnv1a(of) % shards);

const tagCache = new Map<string, readonly string[]>();

/**
 * The hashtags of `shards` shards: `[prefix]` for one shard; else `{npc:<kind><i>.<k>}` (kind `d`:
 * decision shards) with the smallest k that puts shard i's slot in the i-th of `shards` even ranges
 * of the slot space.
 */
export function shardTags(prefix: string, shards: number, kind = 'd'): readonly string[] {
  const id = `${shards}\u0000${kind}\u0000${prefix}`;
  const cached = tagCache.get(id);
  if (cached) return cached;
  let tags: string[] = [prefix];
  if (shards > 1) {
    tags = [];
    for (let i = 0; i < shards; i++) {
      const lo = Math.floor((i * HASH_SLOTS) / shards);
      const hi = Math.floor(((i + 1) * HASH_SLOTS) / shards);
      let tag = '';
      for (let k = 0; ; k++) {
        tag = withTag(prefix, `${kind}${i}.${k}`);
        const slot = keySlot(tag);
        if (slot >= lo && slot < hi) break;
      }
      tags.push(tag);
    }
  }
  const frozen = Object.freeze(tags);
  tagCache.set(id, frozen);
  return frozen;
}

/** The hot per-decision keys over `shards` hashtags; a Lua script over one decision gets keys of one shard only. */
export interface DecisionKeys {
  readonly shards: number;
  /** Each shard's hashtag (a copy of the prefix for one shard). */
  readonly tags: readonly string[];
  /** Each shard's decision-log stream: one writer each. */
  readonly logs: readonly string[];
  shardOfDecision(decisionId: string): number;
  /** The final decision record (JSON), first writer wins; TTL = the decision TTL. */
  decision(decisionId: string): string;
  /** Marker for an accepted async decision that has not been answered yet. */
  pending(decisionId: string): string;
  /** The decision-log stream the decision's record is appended to (same shard as the record). */
  log(decisionId: string): string;
  /** requestId → decisionId, per API key (sharded by both). */
  idempotency(apiKeyId: string, requestId: string): string;
  /**
   * The one-shard layout of the same prefix while an installation moves from 1 to N shards
   * (DECISION_SHARDS_LEGACY): still read (idempotency keys, records, pending markers) and its
   * log stream still written to PostgreSQL, until they are gone. Absent for one shard.
   */
  readonly legacy?: DecisionKeys;
}

/** The decision keys of `prefix` over `shards` shards (1: today's `{npc}:…` layout exactly). */
export function decisionKeys(prefix: string, shards = 1, opts: { legacy?: boolean } = {}): DecisionKeys {
  // Asked for once per decision (finalize, the LLM stage's read): built once per layout.
  const id = `${shards}\u0000${opts.legacy === true}\u0000${prefix}`;
  let keys = keysCache.get(id);
  if (!keys) keysCache.set(id, (keys = buildDecisionKeys(prefix, shards, opts.legacy === true)));
  return keys;
}

const keysCache = new Map<string, DecisionKeys>();

function buildDecisionKeys(prefix: string, shards: number, withLegacy: boolean): DecisionKeys {
  const tags = shardTags(prefix, shards);
  const tagOf = (of: string) => tags[shardOf(of, shards)]!;
  const legacy = withLegacy && shards > 1 ? decisionKeys(prefix, 1) : undefined;
  return {
    shards,
    tags,
    logs: tags.map((t) => `${t}:decision-log`),
    shardOfDecision: (id) => shardOf(id, shards),
    decision: (id) => `${tagOf(id)}:decision:${id}`,
    pending: (id) => `${tagOf(id)}:pending:${id}`,
    log: (id) => `${tagOf(id)}:decision-log`,
    idempotency: (apiKeyId, requestId) => `${tagOf(`${apiKeyId}\u0000${requestId}`)}:idem:${apiKeyId}:${requestId}`,
    ...(legacy ? { legacy } : {}),
  };
}
