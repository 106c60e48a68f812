/**
 * The entries of the memory stream (`${prefix}:mem-log`, written by the remember script): what
 * they say as memory operations. The stream is moved to PostgreSQL by the generic stream writer
 * of packages/pipeline (src/logs/), as the decision log is.
 */
import { MemoryOp, type Memory } from '@npc/contracts';

/** The consumer group of the memory stream's PostgreSQL writers. */
export const MEMORY_LOG_GROUP = 'pg-memory';

/** Our own episode JSON back: a shape check, not a schema parse (the remember script wrote it). */
function episode(json: string): Memory | null {
  const m = JSON.parse(json) as Memory;
  return typeof m?.id === 'string' && typeof m.kind === 'string' && typeof m.text === 'string' && typeof m.at === 'number' && typeof m.importance === 'number' ? m : null;
}

/**
 * The memory changes of one stream entry (written by the remember script): `{a: "npc|player|name",
 * m: episode…}` (episodes added) or `{a, r: reflection, f: "id id…"}` (a reflection and the
 * episodes it folded). Malformed parts are dropped (and acknowledged) rather than blocking the stream.
 */
export function opsOf(fields: readonly string[]): MemoryOp[] {
  const out: MemoryOp[] = [];
  let head: { npcId: string; playerId: string; name?: string } | undefined;
  let reflection: Memory | null = null;
  let folded: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const k = fields[i];
    const v = fields[i + 1] ?? '';
    try {
      if (k === 'a') {
        const [npcId = '', playerId = '', ...rest] = v.split('|');
        const name = rest.join('|');
        head = { npcId, playerId, ...(name ? { name } : {}) };
      } else if (k === 'm' && head) {
        const m = episode(v);
        if (m) out.push({ op: 'add', ...head, memory: m });
      } else if (k === 'r') {
        reflection = episode(v);
      } else if (k === 'f') {
        folded = v.split(' ').filter(Boolean);
      }
    } catch {
      // malformed JSON: dropped
    }
  }
  if (head && reflection) {
    const op = MemoryOp.safeParse({ op: 'reflect', ...head, reflection, folded });
    if (op.success) out.push(op.data);
  }
  return out;
}
