import { ACTION_TYPES, DEADLINE_MAX_MS, DEADLINE_MIN_MS, DecisionRequest, EMOTIONS, type ActionType, type Decision, type DecisionRequestInput } from '@npc/contracts';

/** A claimed row as the bridge reads it (see table.ts for the columns). */
export interface RequestRow {
  id: number;
  npc_id: string;
  char_id: number;
  char_name: string;
  base_level: number;
  job: string;
  zeny: number;
  map: string;
  x: number;
  y: number;
  event: string;
  text: string | null;
  allowed: string;
  deadline_ms: number;
  /** Milliseconds left before the row's deadline when it was read (database clock). */
  remaining_ms: number;
  /** `created_at` in epoch milliseconds (part of the requestId). */
  created_ms: number;
}

/** The columns the bridge writes for an answered row. */
export interface ReplyColumns {
  reply_action: string;
  reply_args: string;
  reply_say: string;
  reply_emotion: string | null;
  reply_emotion_id: number;
  reply_map: string | null;
  reply_x: number | null;
  reply_y: number | null;
  reply_zeny: number | null;
  reply_item: string | null;
  reply_amount: number | null;
  reply_target: string | null;
  reply_source: string;
  decision_id: string;
}

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

/** Turns a row into the body of `POST /v1/decisions`, validated by the contract's own schema. */
export function buildRequest(row: RequestRow, deadlineMs: number): BuiltRequest {
  const allowed = parseAllowed(row.allowed);
  if (!allowed.ok) return allowed;
  const text = row.text ?? '';
  const body: DecisionRequestInput = {
    requestId: requestIdOf(row),
    npc: { id: row.npc_id },
    player: {
      id: String(row.char_id),
      ...(row.char_name ? { name: row.char_name.slice(0, 64) } : {}),
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

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);

/** The reply columns of a decision: the action's args flattened for `query_sql` (table.ts). */
export function replyColumns(decision: Decision): ReplyColumns {
  const args = decision.action.args as Record<string, unknown>;
  const target = ['destination', 'quest', 'job', 'target', 'reason', 'shop', 'slot'].map((k) => str(args[k])).find((v) => v !== null) ?? null;
  return {
    reply_action: decision.action.type,
    reply_args: JSON.stringify(args),
    reply_say: decision.say,
    reply_emotion: decision.emotion,
    reply_emotion_id: decision.emotion === null ? -1 : EMOTIONS.indexOf(decision.emotion),
    reply_map: str(args.map),
    reply_x: num(args.x),
    reply_y: num(args.y),
    reply_zeny: num(args.fee) ?? num(args.price),
    reply_item: str(args.item),
    reply_amount: num(args.amount),
    reply_target: target === null ? null : target.slice(0, 128),
    reply_source: decision.source,
    decision_id: decision.decisionId,
  };
}
