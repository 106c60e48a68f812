/**
 * The memory of NPCs about players: the hot set in Redis, a copy in PostgreSQL fed through a Redis
 * stream (`${prefix}:mem-log`, moved by packages/pipeline's stream writer). Per NPC and player, under the prefix:
 *
 * - `${prefix}:mem:<npc>:<player>`      hash: name, first, last, visits, lastChat, refl (the
 *                                        reflection JSON), rv (reflection version), recent (ids of
 *                                        the latest decisions remembered: retries are recognised)
 * - `${prefix}:mem:<npc>:<player>:eps`  list: episodes (JSON), oldest first
 *
 * Reading (before responding) is one command: a read-only script returning the hash, the episodes
 * and the recent world events. Writing (after finalize) is one script that appends the decision's
 * episodes, bumps the counters and streams the change; appends never conflict, so concurrent
 * decisions for one player need no retry. Past the bound (12 episodes) the same script folds the
 * oldest episodes the decision read into the reflection, compare-and-set on the reflection version
 * (a concurrent fold wins; the next decision folds what is left). Best effort: callers catch and
 * log; a decision never fails because memory did. A miss can read through to PostgreSQL (`cold`).
 */
import type { Cluster, Redis } from 'ioredis';
import { defineScripts } from '@npc/config';
import {
  agentKeys, type DecisionRecord, type DecisionRequest, type Memory, type MemoryRecall, type Npc, type PlayerMemoryState,
  type WorldEvent,
} from '@npc/contracts';
import type { Recognition } from '@npc/rules';
import { cleanName, episodesOf } from './episodes';
import { DEFAULT_REFLECT, emptyTally, reflect, tallyOf, type ReflectOptions } from './reflection';
import { textTokens, rankMemories, type RetrievalWeights } from './retrieval';
import { eventsFor } from './world';
import { DEFAULT_GRUDGE_HALF_LIFE_MS, feelingOf } from './feeling';

type RedisLike = Redis | Cluster;

/** Where memories live beyond Redis (PostgreSQL): cold loads after the hot set expired. */
export interface ColdMemory {
  load(npcId: string, playerId: string): Promise<PlayerMemoryState | null>;
}

export interface MemoryStoreOptions {
  /** How long an untouched hot set stays in Redis. Default 30 days. */
  ttlMs?: number;
  reflect?: ReflectOptions;
  /** Memories handed to responders and the prompt. Default 5. */
  recallSize?: number;
  weights?: RetrievalWeights;
  halfLifeMs?: number;
  /** World events read with the memory. Default 20. */
  newsSize?: number;
  /** Half-life of grudges and warmth (`GRUDGE_HALF_LIFE_H`; default 72 h). */
  grudgeHalfLifeMs?: number;
  cold?: ColdMemory;
}

/** What `load` read: the state (null: a stranger) and the world events, in one round trip. */
export interface MemorySnapshot {
  npcId: string;
  playerId: string;
  state: PlayerMemoryState | null;
  /** When the NPC last remembered chit-chat with this player (chats are remembered once per half hour). */
  lastChat?: number;
  /** The reflection version as read, for the reflection's compare-and-set. */
  rv?: string;
  /** Every stored episode parsed (a reflection folds only what it could read). */
  complete?: boolean;
  news: WorldEvent[];
  /** ms the read took (the added latency on the decision's path). */
  readMs: number;
}

export interface RememberResult {
  written: Memory[];
  reflected: boolean;
}


/** The read (one command), the write after finalize (append, count, fold) and the seed from PostgreSQL: `lua/*.lua`. */
const SCRIPTS = {
  npcMemRead: new URL('./lua/read.lua', import.meta.url),
  npcMemRemember: new URL('./lua/remember.lua', import.meta.url),
  npcMemSeed: new URL('./lua/seed.lua', import.meta.url),
};

/** read.lua's answer: the hash fields, the episodes, the world news. */
type ReadReply = [(string | null)[], string[], string[]];

/** An empty recall: a stranger, no news (also what a failed read gives). */
export function emptyRecall(now = Date.now(), playerName?: string): MemoryRecall {
  return { ...(playerName ? { playerName } : {}), visits: 0, tally: emptyTally(now), memories: [], news: [] };
}

/** Parsed memories by their JSON: a busy pair's episodes are read with every decision (never mutated). */
const parsedMemories = new Map<string, Memory | null>();

/** Our own JSON back (we wrote it): a light shape check instead of a schema parse on the hot path. */
function parseMemory(json: string): Memory | null {
  const hit = parsedMemories.get(json);
  if (hit !== undefined) return hit;
  let out: Memory | null = null;
  try {
    const m = JSON.parse(json) as Memory;
    out = typeof m === 'object' && m !== null && typeof m.id === 'string' && typeof m.text === 'string' && typeof m.at === 'number' && typeof m.importance === 'number' ? m : null;
  } catch {
    out = null;
  }
  if (parsedMemories.size >= 20_000) parsedMemories.clear();
  parsedMemories.set(json, out);
  return out;
}

export class MemoryStore {
  private readonly keys;
  private readonly ttlMs: number;
  private readonly reflectOpts: ReflectOptions;
  private readonly scripts;
  readonly recallSize: number;

  constructor(private readonly redis: RedisLike, prefix: string, private readonly opts: MemoryStoreOptions = {}) {
    this.keys = agentKeys(prefix);
    this.ttlMs = opts.ttlMs ?? 30 * 86_400_000;
    this.reflectOpts = opts.reflect ?? DEFAULT_REFLECT;
    this.recallSize = opts.recallSize ?? 5;
    this.scripts = defineScripts(redis, SCRIPTS);
  }

  get logKey(): string {
    return this.keys.memoryLog;
  }

  private hashKey(npcId: string, playerId: string): string {
    return this.keys.memory(npcId, playerId);
  }

  private listKey(npcId: string, playerId: string): string {
    return this.keys.memoryEpisodes(npcId, playerId);
  }

  /** One round trip: the hot set of (npc, player) and the recent world events. */
  async load(npcId: string, playerId: string): Promise<MemorySnapshot> {
    const started = performance.now();
    const [h = [], eps = [], raw = []] = (await this.scripts.npcMemRead(this.hashKey(npcId, playerId), this.listKey(npcId, playerId), this.keys.worldRecent,
      (this.opts.newsSize ?? 20) - 1)) as ReadReply;
    let state = this.assemble(npcId, playerId, h, eps);
    const lastChat = h[4] ? Number(h[4]) : undefined;
    const cas = state ? { rv: h[6] ?? '0', complete: state.episodes.length === eps.length } : {};
    if (!state && this.opts.cold) {
      state = await this.opts.cold.load(npcId, playerId).catch(() => null);
      if (state) await this.seed(state).catch(() => undefined);
    }
    return { npcId, playerId, state, ...(lastChat ? { lastChat } : {}), ...cas, news: eventsFor(raw, npcId, Date.now()), readMs: performance.now() - started };
  }

  private assemble(npcId: string, playerId: string, h: readonly (string | null)[], eps: readonly string[]): PlayerMemoryState | null {
    const [name, first, last, visits, , refl] = h;
    if (!first && eps.length === 0) return null;
    const episodes = eps.map(parseMemory).filter((m): m is Memory => m !== null);
    const reflection = refl ? parseMemory(refl) : null;
    const at = episodes[0]?.at ?? Date.now();
    return {
      npcId, playerId, ...(name ? { name } : {}),
      firstSeen: first ? Number(first) : at, lastSeen: last ? Number(last) : at, visits: visits ? Number(visits) : 0,
      episodes, ...(reflection ? { reflection } : {}),
    };
  }

  /** Puts a state (from PostgreSQL) into Redis when Redis has none. */
  async seed(state: PlayerMemoryState): Promise<boolean> {
    return (await this.scripts.npcMemSeed(this.hashKey(state.npcId, state.playerId), this.listKey(state.npcId, state.playerId),
      this.ttlMs, state.name ?? '', state.firstSeen, state.lastSeen, state.visits, state.reflection ? JSON.stringify(state.reflection) : '',
      ...state.episodes.map((m) => JSON.stringify(m)))) === 1;
  }

  /** The memories responders and the prompt get for this request (pure: no I/O). */
  recall(snapshot: MemorySnapshot, request: Pick<DecisionRequest, 'player' | 'event'>, recognition?: Pick<Recognition, 'intent' | 'slots' | 'normalized'>, now = Date.now()): MemoryRecall {
    const s = snapshot.state;
    const playerName = cleanName(request.player.name) ?? s?.name;
    if (!s) return { ...emptyRecall(now, playerName), news: snapshot.news };
    const all = s.reflection ? [...s.episodes, s.reflection] : s.episodes;
    const slots = recognition?.slots;
    const entities = [slots?.item, slots?.town?.name, slots?.job, slots?.place].filter((x): x is string => Boolean(x));
    const exclude = textTokens(`${s.name ?? ''} ${playerName ?? ''}`);
    const text = recognition ? recognition.normalized : request.event.text;
    const memories = rankMemories(all, {
      ...(text ? { text } : {}),
      ...(recognition ? { intent: recognition.intent.name, normalized: true } : {}),
      entities,
    }, {
      now, limit: this.recallSize, exclude,
      ...(this.opts.weights ? { weights: this.opts.weights } : {}),
      ...(this.opts.halfLifeMs ? { halfLifeMs: this.opts.halfLifeMs } : {}),
    });
    return {
      ...(playerName ? { playerName } : {}), visits: s.visits, lastSeen: s.lastSeen, tally: tallyOf(s, now), memories, news: snapshot.news,
      feeling: feelingOf(s, now, this.opts.grudgeHalfLifeMs ?? DEFAULT_GRUDGE_HALF_LIFE_MS),
    };
  }

  /**
   * Remembers a finished decision (after finalize): its episodes, the player's name, the visit;
   * then, past the bound, the reflection. `snapshot` (what the decision read) saves a read.
   */
  async remember(record: DecisionRecord, npc: Pick<Npc, 'services' | 'personality'>, snapshot?: MemorySnapshot, note: { deferredTo?: string } = {}): Promise<RememberResult> {
    const npcId = record.npcId;
    const playerId = record.request.player.id;
    const snap = snapshot ?? await this.load(npcId, playerId);
    const prev = snap.state;
    const episodes = episodesOf(record, npc, {
      knewPlayer: Boolean(prev && prev.visits > 0),
      ...(snap.lastChat === undefined ? {} : { lastChatAt: snap.lastChat }),
      ...(note.deferredTo ? { deferredTo: note.deferredTo } : {}),
    });
    const ev = record.request.event.type;
    const encounter = ev !== 'idle' && (ev !== 'proximity' || episodes.length > 0);
    if (!encounter && episodes.length === 0) return { written: [], reflected: false };
    const name = cleanName(record.request.player.name) ?? '';
    const chat = episodes.find((m) => m.kind === 'chat' || m.kind === 'met');
    // Past the bound: fold the oldest episodes this decision read into the reflection, in the same script.
    let fold: { json: string; k: number; ids: string } | undefined;
    if (prev && snap.complete && prev.episodes.length + episodes.length > this.reflectOpts.maxEpisodes) {
      const { state: next, folded } = reflect({ ...prev, visits: prev.visits + 1 }, {
        maxEpisodes: Math.max(0, this.reflectOpts.maxEpisodes - episodes.length),
        keepRecent: Math.max(0, this.reflectOpts.keepRecent - episodes.length),
      });
      if (next.reflection && folded.length > 0) fold = { json: JSON.stringify(next.reflection), k: folded.length, ids: folded.join(' ') };
    }
    const reflected = Number(await this.scripts.npcMemRemember(this.hashKey(npcId, playerId), this.listKey(npcId, playerId), this.keys.memoryLog,
      record.decision.decisionId, name, record.decidedAt, encounter ? '1' : '0', this.ttlMs,
      `${npcId}|${playerId}`, chat ? chat.at : '', fold?.json ?? '', snap.rv ?? '0', fold?.k ?? 0, fold?.ids ?? '',
      ...episodes.map((m) => JSON.stringify(m))));
    if (reflected < 0) return { written: [], reflected: false }; // a retried decision: already remembered
    return { written: episodes, reflected: reflected === 1 };
  }

  /** The hot set (reads through to PostgreSQL when configured). */
  async get(npcId: string, playerId: string): Promise<PlayerMemoryState | null> {
    return (await this.load(npcId, playerId)).state;
  }

  /** Drops the hot set (tests, forgetting a player; the PostgreSQL copy is the caller's). */
  async forget(npcId: string, playerId: string): Promise<void> {
    await this.redis.del(this.hashKey(npcId, playerId), this.listKey(npcId, playerId));
  }
}
