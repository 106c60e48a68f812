/**
 * Learning improves replies too: an answer players rate +1 becomes a reusable reply for the same
 * situation — the same NPC (and version), intent, slots and language — and is served again at no
 * cost (`source: cache`) where the LLM would otherwise be asked; a −1 on it (on the rated decision
 * or on any decision it answered) removes it. Kept in Redis under the prefix:
 *
 * - `${prefix}:replies:<situation>`  list of stored answers (JSON body, the player's name as a placeholder), newest first, at most 3
 * - `${prefix}:reply-of:<decision>`  "situation\u0001json": where a rated or served decision's answer lives (so −1 finds it)
 *
 * Both expire after `REPLY_STORE_TTL_S` (a reply no one rates again fades out).
 */
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { agentKeys, decisionBodyFor, type DecisionBody, type DecisionRecord, type DecisionRequest, type Language, type Npc } from '@npc/contracts';
import { OPEN_ENDED_INTENTS } from '@npc/agent';
import { recognize, replyLanguage, type Recognition } from '@npc/rules';
import { quotesPlayer } from './decision-cache';

type RedisLike = Redis | Cluster;

const PLAYER = '{{player}}';
const SEP = '\u0001';
export const REPLIES_KEPT = 3;

export interface ReplyStoreOptions {
  prefix: string;
  ttlS: number;
}

/** Where a decision's answer is stored (the situation's list key and the stored JSON). */
interface Placement {
  list: string;
  json: string;
}

export class ReplyStore {
  private readonly keys;

  constructor(private readonly redis: RedisLike, private readonly opts: ReplyStoreOptions) {
    this.keys = agentKeys(opts.prefix);
  }

  get enabled(): boolean {
    return this.opts.ttlS > 0;
  }

  /** The situation an answer is for: NPC (and version), intent, slots, language. Null when it has none worth keeping. */
  situation(npc: Pick<Npc, 'id' | 'updatedAt' | 'language'>, request: Pick<DecisionRequest, 'event' | 'player'>, recognition: Recognition, language?: string): string | null {
    if (recognition.injection || recognition.intent.name === 'unknown' || !recognition.normalized) return null;
    const lang = language ?? replyLanguage(recognition, request, npc);
    const slots = JSON.stringify(recognition.slots, Object.keys(recognition.slots).sort());
    // An open-ended question (lore, small talk, help) is its own situation: its words, not only its intent.
    const words = OPEN_ENDED_INTENTS.has(recognition.intent.name) ? recognition.normalized : '';
    const hash = createHash('sha1').update([npc.id, npc.updatedAt, recognition.intent.name, slots, lang, words].join(SEP)).digest('base64url');
    return this.keys.replies(hash);
  }

  /** A stored answer for this request (personalised, valid for its allowed actions), remembered as serving `decisionId`; null on a miss. */
  async get(npc: Npc, request: DecisionRequest, recognition: Recognition, decisionId: string, defaultLanguage?: Language): Promise<DecisionBody | null> {
    if (!this.enabled) return null;
    const list = this.situation(npc, request, recognition, replyLanguage(recognition, request, npc, defaultLanguage));
    if (!list) return null;
    const stored = await this.redis.lrange(list, 0, REPLIES_KEPT - 1);
    if (stored.length === 0) return null;
    const json = stored[pick(decisionId, stored.length)] ?? stored[0] ?? '';
    let parsed: ReturnType<ReturnType<typeof decisionBodyFor>['safeParse']>;
    try {
      parsed = decisionBodyFor(request.allowedActions).safeParse(JSON.parse(json.split(PLAYER).join(request.player.name ?? '')));
    } catch {
      return null;
    }
    if (!parsed.success) return null;
    // So that a −1 on this answer removes the stored reply it came from.
    await this.redis.set(this.keys.replyOf(decisionId), `${list}${SEP}${json}`, 'EX', this.opts.ttlS);
    return parsed.data;
  }

  /** Feedback on a decision: +1 keeps its answer for the situation, −1 removes the stored answer it is (or came from). */
  async onFeedback(record: DecisionRecord, npc: Npc, rating: -1 | 0 | 1): Promise<'stored' | 'removed' | 'none'> {
    if (!this.enabled || rating === 0) return 'none';
    if (rating < 0) {
      const placement = await this.placementOf(record.decision.decisionId);
      if (!placement) return 'none';
      await this.redis.lrem(placement.list, 0, placement.json);
      return 'removed';
    }
    const text = record.request.event.text;
    // An answer that quotes this player (zeny, job, …) is theirs alone.
    if (!text || !record.decision.say || quotesPlayer(record.decision, record.request)) return 'none';
    const recognition = recognize(text, { eventType: record.request.event.type });
    const list = this.situation(npc, record.request, recognition, record.decision.language);
    if (!list) return 'none';
    const { action, say, emotion, intent, language } = record.decision;
    const name = record.request.player.name;
    const body: DecisionBody = { action, say: name ? say.split(name).join(PLAYER) : say, emotion, intent, ...(language ? { language } : {}) };
    const json = JSON.stringify(body);
    const ttlMs = this.opts.ttlS * 1000;
    await this.redis.multi()
      .lrem(list, 0, json).lpush(list, json).ltrim(list, 0, REPLIES_KEPT - 1).pexpire(list, ttlMs)
      .set(this.keys.replyOf(record.decision.decisionId), `${list}${SEP}${json}`, 'PX', ttlMs)
      .exec();
    return 'stored';
  }

  private async placementOf(decisionId: string): Promise<Placement | null> {
    const raw = await this.redis.get(this.keys.replyOf(decisionId));
    if (!raw) return null;
    const i = raw.indexOf(SEP);
    return i < 0 ? null : { list: raw.slice(0, i), json: raw.slice(i + 1) };
  }
}

function pick(seed: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}
