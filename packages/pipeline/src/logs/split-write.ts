/**
 * Writing a batch so that one bad row cannot stop the rest: on an error that belongs to the data
 * (PostgreSQL refused a value, a row could not be mapped), the batch is split in halves and each
 * half retried, down to the single rows that fail, which are returned; good rows are written. On
 * any other error (the database is down, a timeout) nothing is split: it is thrown, and the caller
 * retries the whole batch later. Every writer using this must be idempotent (ids, ON CONFLICT), as
 * a half written before a later failure is written again on the retry.
 */

/** A failure that belongs to the rows, not to the database's availability. */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // SQLSTATE class 22: data exception (NUL, bad encoding, out of range); 23: integrity constraint.
  if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  // Thrown by our own row mapping on a malformed entry (never by a connection problem).
  return err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError;
}

export interface Rejected<T> {
  item: T;
  err: unknown;
}

/** Writes `items`; returns the ones refused for their data. Throws when the failure is not the data's. */
export async function writeSplitting<T>(items: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<Rejected<T>[]> {
  if (items.length === 0) return [];
  try {
    await write([...items]);
    return [];
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (items.length === 1) return [{ item: items[0]!, err }];
    const mid = Math.ceil(items.length / 2);
    return [...(await writeSplitting(items.slice(0, mid), write)), ...(await writeSplitting(items.slice(mid), write))];
  }
}

/** A one-line reason and the SQLSTATE of a refused row, for the dead-letter table. */
export function describeError(err: unknown): { reason: string; errorCode: string | null } {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return { reason: message, errorCode: typeof code === 'string' ? code : null };
}
