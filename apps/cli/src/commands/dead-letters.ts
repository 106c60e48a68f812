import type { DeadLetter } from '@npc/persistence';
import { logKinds, replayDeadLetters } from '@npc/pipeline';
import { withRepos } from '../repos';

/** One line of `dead-letters list`: JSON, the payload shortened (it can be long). */
function line(d: DeadLetter, full: boolean): string {
  const payload = full || d.payload.length <= 200 ? d.payload : `${d.payload.slice(0, 197)}…`;
  return JSON.stringify({
    id: d.id, log: d.log, entryId: d.entryId, createdAt: d.createdAt.toISOString(), reason: d.reason, errorCode: d.errorCode,
    replayAttempts: d.replayAttempts, lastReplayError: d.lastReplayError, replayedAt: d.replayedAt?.toISOString() ?? null, payload,
  });
}

/** `pnpm npc dead-letters list`: the entries the log writers set aside, oldest first (pending only unless --all). */
export async function listDeadLetters(opts: { all?: boolean; log?: string; full?: boolean }, out: (line: string) => void): Promise<number> {
  const letters = await withRepos((r) => r.deadLetters.list({ pending: !opts.all, ...(opts.log ? { log: opts.log } : {}) }));
  for (const d of letters) out(line(d, Boolean(opts.full)));
  process.stderr.write(`${letters.length} dead letter(s)${opts.all ? '' : ' pending'}\n`);
  return letters.length;
}

/** `pnpm npc dead-letters replay [ID] [--clean]`: writes them again through their log's writer. */
export async function replayDeadLetterCmd(id: string | undefined, opts: { clean?: boolean }, out: (line: string) => void): Promise<void> {
  const result = await withRepos((r) => replayDeadLetters(r.deadLetters, logKinds(r), { ...(id !== undefined ? { id } : {}), clean: Boolean(opts.clean) }));
  for (const done of result.replayed) out(`replayed ${done}`);
  for (const f of result.failed) out(`failed ${f.id}: ${f.error}`);
  if (result.failed.length) throw new Error(`${result.failed.length} dead letter(s) still refused${opts.clean ? '' : ' (try --clean, or fix the cause first)'}`);
}
