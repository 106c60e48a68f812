import { ACTION_TYPES, DEADLINE_MAX_MS, DEADLINE_MIN_MS, DecisionRequest, emotionId, type ActionType, type Decision, type DecisionRequestInput } from '@npc/contracts';
import type { Codepage } from './codepage';

/** A claimed row as the bridge reads it (see table.ts for the columns). */
export interface RequestRow {
  id: number;
  npc_id: string;
  char_id: number;
  /** The player's name as the game sent it: bytes in the client's codepage. */
  char_name: Buffer | string;
  base_level: number;
  job: string;
  zeny: number;
  map: string;
  x: number;
  y: number;
  event: string;
  /** What the player typed: bytes in the client's codepage (cut at a byte limit by the script). */
  text: Buffer | string | null;
  allowed: string;
  deadline_ms: number;
  /** Milliseconds left before the row's deadline when it was read (database clock). */
  remaining_ms: number;
  /** `created_at` in epoch milliseconds (part of the requestId). */
  created_ms: number;
}

/** The columns the bridge writes for an answered row (text a script shows: bytes in the client's codepage). */
export interface ReplyColumns {
  reply_action: string;
  reply_args: string;
  reply_say: Buffer;
  reply_emotion: string | null;
  reply_emotion_id: number;
  reply_map: string | null;
  reply_x: number | null;
  reply_y: number | null;
  reply_zeny: number | null;
  reply_item: Buffer | null;
  reply_item_id: number | null;
  reply_aegis: string | null;
  reply_amount: number | null;
  reply_target: Buffer | null;
  reply_level: number | null;
  reply_monster_level: number | null;
  reply_monster_count: number | null;
  reply_reward_tier: number | null;
  reply_requires: string | null;
  reply_reward: Buffer | null;
  reply_reward_item_id: number | null;
  reply_reward_amount: number | null;
  reply_reward_zeny: number | null;
  reply_source: string;
  decision_id: string;
}

/** The order `REPLY` in bridge.ts binds them. */
export const REPLY_COLUMN_NAMES = [
  'reply_action', 'reply_args', 'reply_say', 'reply_emotion', 'reply_emotion_id', 'reply_map', 'reply_x', 'reply_y', 'reply_zeny',
  'reply_item', 'reply_item_id', 'reply_aegis', 'reply_amount', 'reply_target', 'reply_level', 'reply_monster_level',
  'reply_monster_count', 'reply_reward_tier', 'reply_requires', 'reply_reward', 'reply_reward_item_id', 'reply_reward_amount',
  'reply_reward_zeny', 'reply_source', 'decision_id',
] as const satisfies ReadonlyArray<keyof ReplyColumns>;

/**
 * The idempotency key of a row: the same row always asks with the same requestId, so a retried
 * or re-claimed row never makes a second decision. `created_at` is part of it so that ids reused
 * after the table is recreated (AUTO_INCREMENT starts again) never collide within the 24 h window.
 */
export const requestIdOf = (row: Pick<RequestRow, 'id' | 'created_ms'>): string => `rathena:${row.id}:${row.created_ms}`;

const ACTIONS = new Set<string>(ACTION_TYPES);

/** `allowed` is a comma list of action types; unknown types make the row fail (named in `error`). */
export function parseAllowed(allowed: string): { ok: true; actions: ActionType[] } | { ok: false; error: string } {
  const items = [...new Set(allowed.split(',').map((a) => a.trim()).filter(Boolean))];
  const unknown = items.filter((a) => !ACTIONS.has(a));
  if (unknown.length > 0) return { ok: false, error: `allowed: unknown action type(s) ${unknown.join(', ')}` };
  if (items.length === 0) return { ok: false, error: 'allowed: no action types' };
  return { ok: true, actions: items as ActionType[] };
}

export type BuiltRequest = { ok: true; body: DecisionRequestInput; allowed: ActionType[] } | { ok: false; error: string };

/**
 * Turns a row into the body of `POST /v1/decisions`, validated by the contract's own schema. The
 * player's text and name are decoded from the client's codepage, up to their last whole character.
 */
export function buildRequest(row: RequestRow, deadlineMs: number, cp: Codepage): BuiltRequest {
  const allowed = parseAllowed(row.allowed);
  if (!allowed.ok) return allowed;
  const text = cleanText(cp.decode(row.text));
  const name = cleanText(cp.decode(row.char_name)).trim();
  const body: DecisionRequestInput = {
    requestId: requestIdOf(row),
    npc: { id: row.npc_id },
    player: {
      id: String(row.char_id),
      ...(name ? { name: [...name].slice(0, 64).join('') } : {}),
      ...(row.base_level > 0 ? { level: Math.min(row.base_level, 999) } : {}),
      ...(row.job ? { job: row.job.slice(0, 64) } : {}),
      zeny: Math.min(Math.max(row.zeny, 0), 2_000_000_000),
    },
    event: { type: row.event as DecisionRequestInput['event']['type'], ...(text ? { text: [...text].slice(0, 500).join('') } : {}) },
    context: { source: 'rathena', ...(row.map ? { map: row.map.slice(0, 256), x: row.x, y: row.y } : {}) },
    allowedActions: allowed.actions,
    deadlineMs: Math.min(Math.max(Math.floor(deadlineMs), DEADLINE_MIN_MS), DEADLINE_MAX_MS),
  };
  const parsed = DecisionRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') ?? 'request'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, body, allowed: allowed.actions };
}

/** Control characters (a NUL, a lone surrogate's replacement aside) never reach the gateway. */
const cleanText = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);

/** `itemid:amount,…` of a quest's required items that have an id (what a script can `countitem`/`delitem`). */
function requiresList(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const parts: string[] = [];
  for (const r of v as Array<Record<string, unknown>>) {
    const id = num(r?.itemId);
    const amount = num(r?.amount);
    if (id !== null && amount !== null) parts.push(`${id}:${amount}`);
  }
  const s = parts.join(',');
  return s.length > 0 && s.length <= 255 ? s : null;
}

/**
 * The reply columns of a decision: the action's args flattened for `query_sql` (table.ts), the
 * text a script shows encoded in the client's codepage (cut on a character boundary to fit).
 */
export function replyColumns(decision: Decision, cp: Codepage): ReplyColumns {
  const args = decision.action.args as Record<string, unknown>;
  const target = ['destination', 'quest', 'job', 'target', 'reason', 'shop', 'slot'].map((k) => str(args[k])).find((v) => v !== null) ?? null;
  const bytes = (v: string | null, max: number): Buffer | null => (v === null ? null : cp.encode(v, max));
  return {
    reply_action: decision.action.type,
    reply_args: JSON.stringify(args),
    reply_say: cp.encode(decision.say, 1200),
    reply_emotion: decision.emotion,
    reply_emotion_id: emotionId(decision.emotion),
    reply_map: str(args.map),
    reply_x: num(args.x),
    reply_y: num(args.y),
    reply_zeny: num(args.fee) ?? num(args.price),
    reply_item: bytes(str(args.item), 255),
    reply_item_id: num(args.itemId),
    reply_aegis: str(args.aegisName),
    reply_amount: num(args.amount),
    reply_target: bytes(target, 255),
    reply_level: num(args.level),
    reply_monster_level: num(args.monsterLevel),
    reply_monster_count: num(args.monsterCount),
    reply_reward_tier: num(args.rewardTier),
    reply_requires: requiresList(args.requires),
    reply_reward: bytes(str(args.reward), 255),
    reply_reward_item_id: num(args.rewardItemId),
    reply_reward_amount: num(args.rewardAmount),
    reply_reward_zeny: num(args.rewardZeny),
    reply_source: decision.source,
    decision_id: decision.decisionId,
  };
}
