/**
 * Moves memory changes from the Redis stream (`${prefix}:mem-log`, written by the memory CAS
 * script) into PostgreSQL in batches; an entry is acknowledged and deleted only after its batch is
 * stored, so nothing is lost when the database is down (entries stay and are retried; a dead
 * consumer's are claimed by another). Polls without blocking, so it can share a command connection.
 */
import type { Redis } from 'ioredis';
import { MemoryOp, type Memory } from '@npc/contracts';

export const MEMORY_LOG_GROUP = 'pg-memory';

export interface MemorySink {
  apply(ops: MemoryOp[]): Promise<void>;
}

export interface MemoryLogWriterOptions {
  streamKey: string;
  consumer: string;
  /** Entries per read. Default 200. */
  batch?: number;
  /** Pause between polls when the stream is empty. Default 200 ms. */
  idleMs?: number;
  /** Entries another consumer has held unacknowledged this long are taken over. Default 30 s. */
  claimIdleMs?: number;
  onError?: (err: unknown) => void;
}

type StreamEntries = [id: string, fields: string[]][];

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

export class MemoryLogWriter {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private applied = 0;
  private failures = 0;
  private recheckOwn = true;
  private nextClaimAt = 0;

  constructor(private readonly redis: Redis, private readonly sink: MemorySink, private readonly opts: MemoryLogWriterOptions) {}

  get stats(): { applied: number; failures: number } {
    return { applied: this.applied, failures: this.failures };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Stores everything in the stream now (tests, shutdown). */
  async drainOnce(): Promise<number> {
    await this.ensureGroup();
    this.recheckOwn = true;
    let total = 0;
    for (;;) {
      const n = await this.step();
      total += n;
      if (n === 0) return total;
    }
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.opts.streamKey, MEMORY_LOG_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }

  private async run(): Promise<void> {
    let grouped = false;
    let backoff = 100;
    while (this.running) {
      try {
        if (!grouped) {
          await this.ensureGroup();
          grouped = true;
        }
        const n = await this.step();
        backoff = 100;
        if (n === 0) await this.sleep(this.opts.idleMs ?? 200);
      } catch (err) {
        this.failures++;
        this.recheckOwn = true;
        if (String(err).includes('NOGROUP')) grouped = false;
        this.opts.onError?.(err);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async step(): Promise<number> {
    let entries: StreamEntries = [];
    if (this.recheckOwn) {
      entries = await this.read('0');
      if (entries.length === 0) this.recheckOwn = false;
    }
    if (entries.length === 0 && Date.now() >= this.nextClaimAt) {
      this.nextClaimAt = Date.now() + Math.max(1000, (this.opts.claimIdleMs ?? 30_000) / 4);
      const res = (await this.redis.call('XAUTOCLAIM', this.opts.streamKey, MEMORY_LOG_GROUP, this.opts.consumer,
        this.opts.claimIdleMs ?? 30_000, '0-0', 'COUNT', this.opts.batch ?? 200)) as [string, StreamEntries];
      entries = (res[1] ?? []).filter((e) => e && e[1]);
    }
    if (entries.length === 0) entries = await this.read('>');
    if (entries.length === 0) return 0;
    const ops: MemoryOp[] = [];
    for (const [, fields] of entries) ops.push(...opsOf(fields));
    if (ops.length) await this.sink.apply(ops);
    const ids = entries.map(([id]) => id);
    await this.redis.multi().xack(this.opts.streamKey, MEMORY_LOG_GROUP, ...ids).xdel(this.opts.streamKey, ...ids).exec();
    this.applied += ops.length;
    return entries.length;
  }

  private async read(from: '0' | '>'): Promise<StreamEntries> {
    const res = (await this.redis.call('XREADGROUP', 'GROUP', MEMORY_LOG_GROUP, this.opts.consumer, 'COUNT', this.opts.batch ?? 200,
      'STREAMS', this.opts.streamKey, from)) as [string, StreamEntries][] | null;
    return res?.[0]?.[1] ?? [];
  }
}
