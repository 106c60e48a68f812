import { z } from 'zod';
import { withTag } from './shards';
import { ExternalId, ItemName, MapName, ShortText } from './common';
import { text } from './text';

/**
 * Schemas of the agent layer (issue 5): episodic memory, world events (shared knowledge) and the
 * intention registry (Redis leases). The behaviour-tree definition schema lives in packages/agent
 * (it is validated there, against the leaves it knows).
 */

/** What an episodic memory is about. `reflection` summarises older ones; `world` is shared knowledge. */
export const MEMORY_KINDS = [
  'met', 'chat', 'purchase', 'sale', 'price_check', 'quest_given', 'quest_done', 'insult', 'violence', 'alarm',
  'warp', 'service', 'job_change', 'refine', 'deferred', 'reflection', 'world', 'apology', 'kindness',
] as const;
export const MemoryKind = z.enum(MEMORY_KINDS);
export type MemoryKind = z.infer<typeof MemoryKind>;

/** Structured facts of a memory (what responders can quote without parsing the text). */
export const MemoryFacts = z.object({
  item: ItemName.optional(),
  amount: z.number().int().min(0).max(2_000_000_000).optional(),
  price: z.number().int().min(0).max(2_000_000_000).optional(),
  quest: ShortText.optional(),
  questName: ShortText.optional(),
  destination: ShortText.optional(),
  job: ShortText.optional(),
  intent: z.string().max(32).optional(),
  /** Who else was involved (an NPC holding a resource this NPC deferred to). */
  other: ShortText.optional(),
}).strict();
export type MemoryFacts = z.infer<typeof MemoryFacts>;

/** Totals a reflection keeps, so that merging reflections stays exact and the summary deterministic. */
export const MemoryTally = z.object({
  episodes: z.number().int().min(0),
  purchases: z.number().int().min(0),
  sales: z.number().int().min(0),
  insults: z.number().int().min(0),
  violence: z.number().int().min(0),
  questsGiven: z.number().int().min(0),
  questsDone: z.number().int().min(0),
  /** item → units bought from the NPC (top entries only). */
  bought: z.record(z.string(), z.number().int().min(0)),
  /** item → units sold to the NPC (top entries only). */
  sold: z.record(z.string(), z.number().int().min(0)),
  quests: z.array(ShortText).max(8),
  zenySpent: z.number().int().min(0),
  since: z.number().int(),
});
export type MemoryTally = z.infer<typeof MemoryTally>;

/** One episodic memory of an NPC about a player (Generative Agents' memory-stream entry). */
export const Memory = z.object({
  /** Stable id (decision id + suffix, or `reflection`): a retried write is recognised. */
  id: z.string().min(1).max(80),
  kind: MemoryKind,
  /** What happened, in the NPC's words (third person, never raw player text). */
  text: z.string().min(1).max(240),
  importance: z.number().min(0).max(1),
  /** Epoch ms when it happened (created_at). */
  at: z.number().int(),
  facts: MemoryFacts.optional(),
  /** Reflections only: the totals they summarise. */
  tally: MemoryTally.optional(),
});
export type Memory = z.infer<typeof Memory>;

/** The hot set of one NPC about one player (Redis), bounded: recent episodes plus one reflection. */
export const PlayerMemoryState = z.object({
  npcId: ExternalId,
  playerId: ExternalId,
  /** The last name the game told us. */
  name: z.string().max(64).optional(),
  firstSeen: z.number().int(),
  lastSeen: z.number().int(),
  /** Decisions with this player (encounters). */
  visits: z.number().int().min(0),
  /** Newest last; at most the store's bound. */
  episodes: z.array(Memory),
  reflection: Memory.optional(),
});
export type PlayerMemoryState = z.infer<typeof PlayerMemoryState>;

/** One change of a memory set, streamed from Redis to PostgreSQL (`mem-log`). */
export const MemoryOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), npcId: ExternalId, playerId: ExternalId, name: z.string().max(64).optional(), memory: Memory }),
  z.object({ op: z.literal('reflect'), npcId: ExternalId, playerId: ExternalId, name: z.string().max(64).optional(), reflection: Memory, folded: z.array(z.string().max(80)).max(1000) }),
]);
export type MemoryOp = z.infer<typeof MemoryOp>;

/** A memory chosen for this decision, with its retrieval score (recency × importance × relevance). */
export const RecalledMemory = Memory.extend({
  score: z.number(),
  recency: z.number(),
  relevance: z.number(),
});
export type RecalledMemory = z.infer<typeof RecalledMemory>;

/** World events types; free-form news is `news`. */
export const WORLD_EVENT_TYPES = ['boss_spawn', 'price_change', 'danger', 'festival', 'weather', 'news'] as const;
export const WorldEventType = z.enum(WORLD_EVENT_TYPES);
export type WorldEventType = z.infer<typeof WorldEventType>;

/** Body of `POST /v1/events` (an `npc:write` or admin key): a world event NPCs learn about. */
export const WorldEventInput = z.object({
  type: WorldEventType.default('news'),
  /** What happened, as NPCs may say it ("Baphomet spawned on prt_fild08"). */
  text: text().min(1).max(200).regex(/^[^\u0000-\u001f<>{}]+$/, 'printable text without <, >, { or }'),
  map: MapName.optional(),
  item: ItemName.optional(),
  /** price_change: the factor applied to the item's shop and buy-back prices (1.2 = +20 %). */
  priceFactor: z.number().min(0.1).max(10).optional(),
  importance: z.number().min(0).max(1).default(0.6),
  /** How long NPCs keep talking about it. */
  ttlS: z.number().int().min(10).max(30 * 86_400).default(3600),
  /** Only these NPCs hear of it (default: all). */
  npcIds: z.array(ExternalId).min(1).max(100).optional(),
});
export type WorldEventInput = z.input<typeof WorldEventInput>;
export type WorldEventData = z.output<typeof WorldEventInput>;

/** A recorded world event (stored in PostgreSQL; recent ones in Redis). */
export const WorldEvent = WorldEventInput.omit({ ttlS: true }).extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type WorldEvent = z.infer<typeof WorldEvent>;

/** What a decision's responders and prompt get from memory and shared knowledge. */
export const MemoryRecall = z.object({
  /** The name the NPC knows the player by (this request's or remembered). */
  playerName: z.string().max(64).optional(),
  /** Earlier decisions with this player (0: a stranger). */
  visits: z.number().int().min(0),
  lastSeen: z.number().int().optional(),
  /** Counts over everything remembered (episodes + reflection). */
  tally: MemoryTally,
  /** Best first, at most the recall size. */
  memories: z.array(RecalledMemory),
  /** Unexpired world events this NPC knows, most important first. */
  news: z.array(WorldEvent),
  /**
   * What the NPC feels toward the player now: insults and violence decayed by age (half-life) and
   * offset by apologies and kindness; warmth from purchases, thanks and kindness, decayed too.
   * Absent: the raw tally counts (no decay).
   */
  feeling: z.object({ insults: z.number().min(0), violence: z.number().min(0), warmth: z.number().min(0) }).optional(),
});
export type MemoryRecall = z.infer<typeof MemoryRecall>;

/** A resource NPCs may hold exclusively: `quest-slot:p1`, `stock:Red Potion`, `boss:prt_fild08`. */
export const ResourceId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:@#/ -]+$/, 'letters, digits, space and _ . : @ # / - only');
export type ResourceId = z.infer<typeof ResourceId>;

/** One entry of `GET /v1/npcs/{id}/intentions`: a resource the NPC holds under a lease. */
export const Intention = z.object({
  resource: ResourceId,
  /** Fencing token: grows with every grant of this resource; stale holders are rejected. */
  token: z.number().int().min(1),
  priority: z.number().int(),
  claimedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type Intention = z.infer<typeof Intention>;

export const NpcIntentions = z.object({
  npcId: ExternalId,
  intentions: z.array(Intention),
});
export type NpcIntentions = z.infer<typeof NpcIntentions>;

/** Redis keys of the agent layer; under the queue prefix's hashtag (one slot), but for the dialogue state. */
export const agentKeys = (prefix: string) => ({
  /** Hash: what an NPC knows of a player (name, first/last seen, visits, reflection JSON, recent decision ids). */
  memory: (npcId: string, playerId: string) => `${prefix}:mem:${npcId}:${playerId}`,
  /** List: the NPC's episodes about the player (JSON `Memory`), oldest first, bounded by reflection. */
  memoryEpisodes: (npcId: string, playerId: string) => `${prefix}:mem:${npcId}:${playerId}:eps`,
  /** Stream of memory writes awaiting PostgreSQL. */
  memoryLog: `${prefix}:mem-log`,
  /** List of recent world events (JSON), newest first. */
  worldRecent: `${prefix}:world:recent`,
  /** Hash: the lease on a resource (holder, token, priority, claimedAt, expiresAt). */
  lease: (resource: string) => `${prefix}:lease:${resource}`,
  /** Counter: the resource's fencing tokens (INCR). */
  fence: (resource: string) => `${prefix}:fence:${resource}`,
  /** Sorted set: claimants of a free resource during its contention window (priority, then time). */
  candidates: (resource: string) => `${prefix}:cand:${resource}`,
  /** Hash: claimant → "priority|ttlMs|name" of the current contention window's candidates. */
  candidateInfo: (resource: string) => `${prefix}:candinfo:${resource}`,
  /** String "start,end" (epoch ms): the resource's contention window. */
  round: (resource: string) => `${prefix}:round:${resource}`,
  /** Sorted set: resources an NPC holds → lease expiry (ms). */
  intentions: (npcId: string) => `${prefix}:intents:${npcId}`,
  /**
   * String (JSON `DialogueState`): the short-lived conversation state of an NPC with a player. Only
   * ever read and written alone, so on a hashtag of its own (`{npc:dlg:<npc>:<player>}`): spread
   * over every slot, off the prefix's busy one.
   */
  dialogue: (npcId: string, playerId: string) => withTag(prefix, `dlg:${npcId}:${playerId}`),
  /** List (JSON `StoredReply`): well-rated answers reused for the same situation (NPC, intent, slots, language). */
  replies: (situation: string) => `${prefix}:replies:${situation}`,
  /** String: decision id → the reply-store situation key its answer was stored under (so −1 can remove it). */
  replyOf: (decisionId: string) => `${prefix}:reply-of:${decisionId}`,
});
export type AgentKeys = ReturnType<typeof agentKeys>;
