import { sql, type RawBuilder } from 'kysely';
import { DEFAULT_DECISION_LANGUAGE, type CursorPosition } from './types';

/** SQL fragments the learning reads share (stored decisions are aliased `d`). */

/** A timestamptz column as exact UTC text (µs). */
export const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `(at, id) > position` (or `<=`), with the position as exact parameters. */
export function compare(atColumn: string, idColumn: string, op: '>' | '<=', position: CursorPosition): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(atColumn)}, ${sql.ref(idColumn)}) ${sql.raw(op)} (cast(${position.at} as timestamptz), cast(${position.id} as uuid))`;
}

export const settled = (column: string, settleMs: number) =>
  sql<boolean>`${sql.ref(column)} <= now() - cast(${Math.max(0, Math.round(settleMs))} as integer) * interval '1 millisecond'`;

export const text = sql<string | null>`d.request -> 'event' ->> 'text'`;
export const say = sql<string>`coalesce(d.reply ->> 'say', '')`;
/**
 * The language a stored decision was made in: the reply's detected language, else the
 * recognition's (`reply.intent.language`), else the request's, else `en`. The ONE place that reads
 * it, so language detection can put it in any of these and ingestion, training and export follow.
 */
export const language = sql<string>`coalesce(d.reply ->> 'language', d.reply -> 'intent' ->> 'language', d.request ->> 'language', ${DEFAULT_DECISION_LANGUAGE})`;
