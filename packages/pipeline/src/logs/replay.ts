import { cleanStrings } from '@npc/contracts';
import type { DeadLetter, DeadLetterRepository } from '@npc/persistence';
import type { LogKind } from './kinds';
import { describeError } from './split-write';

export interface ReplayResult {
  replayed: string[];
  failed: { id: string; error: string }[];
}

/**
 * Writes dead letters again through their log's own writer (`LogKind.write`, idempotent): the one
 * `id`, or every pending one. `clean`: strings are cleaned first (NUL removed, lone surrogates
 * replaced: packages/contracts/src/text.ts), the usual fix for a row PostgreSQL refused. A
 * replayed letter is marked (kept for the record); a failed one keeps its new error.
 */
export async function replayDeadLetters(
  repo: Pick<DeadLetterRepository, 'list' | 'get' | 'markReplayed' | 'markReplayFailed'>,
  kinds: Record<string, LogKind<unknown>>,
  opts: { id?: string; clean?: boolean } = {},
): Promise<ReplayResult> {
  let letters: DeadLetter[];
  if (opts.id !== undefined) {
    const one = await repo.get(opts.id);
    if (!one) throw new Error(`no dead letter ${opts.id}`);
    if (one.replayedAt) throw new Error(`dead letter ${opts.id} was replayed already (${one.replayedAt.toISOString()})`);
    letters = [one];
  } else {
    letters = await repo.list({ pending: true });
  }
  const result: ReplayResult = { replayed: [], failed: [] };
  for (const letter of letters) {
    try {
      const kind = kinds[letter.log];
      if (!kind) throw new Error(`unknown log "${letter.log}"`);
      const fields = JSON.parse(letter.payload) as string[];
      const item = kind.decode(fields);
      await kind.write([opts.clean ? cleanStrings(item) : item]);
      await repo.markReplayed(letter.id);
      result.replayed.push(letter.id);
    } catch (err) {
      const { reason } = describeError(err);
      await repo.markReplayFailed(letter.id, reason);
      result.failed.push({ id: letter.id, error: reason });
    }
  }
  return result;
}
