import { opsOf } from '@npc/agent';
import type { DecisionRecord, MemoryOp } from '@npc/contracts';
import type { NewLlmCall, Repositories } from '@npc/persistence';

/**
 * One log that moves entries to PostgreSQL: how a stream entry's fields become an item, how an
 * item becomes fields again (for dead letters of rows that never were stream entries), and how a
 * batch of items is written. The writers (stream-writer.ts, ../batch-writer.ts) and the replay of
 * dead letters (replay.ts) all go through these, so a replayed entry is written exactly as it
 * would have been.
 */
export interface LogKind<T> {
  readonly name: string;
  /** A stream entry's fields → the item; throws when the entry cannot be read (it becomes a dead letter). */
  decode(fields: readonly string[]): T;
  encode(item: T): string[];
  /** Writes a batch; idempotent (a retried batch changes nothing). */
  write(items: T[]): Promise<unknown>;
}

/** The consumer group of the decision log's PostgreSQL writers (every gateway's writer joins it). */
export const DECISION_LOG_GROUP = 'pg-writer';

/** The JSON value of field `name` in a stream entry's flat [k, v, k, v…] list, parsed; throws when absent or not JSON. */
function jsonField(fields: readonly string[], name: string): unknown {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return JSON.parse(fields[i + 1]!);
  throw new SyntaxError(`no "${name}" field`);
}

/** A kind whose entries are `{name: JSON of one item}`: `check` rejects a parsed value that is not an item. */
function jsonKind<T>(name: string, fieldName: string, check: (value: unknown) => T, write: (items: T[]) => Promise<unknown>): LogKind<T> {
  return {
    name,
    decode: (fields) => check(jsonField(fields, fieldName)),
    encode: (item) => [fieldName, JSON.stringify(item)],
    write,
  };
}

/** Decisions: `{r: DecisionRecord JSON}`, written by finalize (and by gateways' offline path). */
export function decisionLogKind(decisions: Pick<Repositories['decisions'], 'insertMany'>): LogKind<DecisionRecord> {
  return jsonKind('decision-log', 'r', (value) => {
    const record = value as DecisionRecord;
    // A shape check, not a schema parse: finalize wrote it from a validated record.
    if (typeof record?.decision?.decisionId !== 'string' || typeof record.request !== 'object' || record.request === null) {
      throw new TypeError('not a decision record');
    }
    return record;
  }, (records) => decisions.insertMany(records));
}

/** NPC memories: `{a, m…}` / `{a, r, f}` entries of the remember script; one entry → its ops. */
export function memoryLogKind(memories: Pick<Repositories['memories'], 'apply'>): LogKind<{ fields: string[]; ops: MemoryOp[] }> {
  return {
    name: 'memory-log',
    decode: (fields) => ({ fields: [...fields], ops: opsOf(fields) }),
    encode: (item) => item.fields,
    write: (items) => memories.apply(items.flatMap((i) => i.ops)),
  };
}

/** The LLM ledger (one row per provider request): `{c: row JSON}`; only ever a dead letter, never a stream. */
export function ledgerLogKind(ledger: Pick<Repositories['ledger'], 'insertMany'>): LogKind<NewLlmCall> {
  // `at` comes back as ISO text, which the row accepts; the insert checks the rest.
  return jsonKind('llm-ledger', 'c', (value) => value as NewLlmCall, (rows) => ledger.insertMany(rows));
}

/** Every log by name, over one set of repositories: what `pnpm npc dead-letters replay` needs. */
export function logKinds(repos: Pick<Repositories, 'decisions' | 'memories' | 'ledger'>): Record<string, LogKind<unknown>> {
  const kinds = [decisionLogKind(repos.decisions), memoryLogKind(repos.memories), ledgerLogKind(repos.ledger)] as LogKind<unknown>[];
  return Object.fromEntries(kinds.map((k) => [k.name, k]));
}
