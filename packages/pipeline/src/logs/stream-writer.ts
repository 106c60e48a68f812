import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { NewDeadLetter } from '@npc/persistence';
import type { LogKind } from './kinds';
import type { LogCounters } from './metrics';
import { describeError, writeSplitting } from './split-write';

/** Where refused entries go: the dead_letters table (`DeadLetterRepository`). */
export interface DeadLetterSink {
  add(letters: readonly NewDeadLetter[]): Promise<unknown>;
}

export interface StreamWriterOptions {
  streamKey: string;
  /** The consumer group: all writers of one stream share it. */
  group: string;
  /** This writer's name in the group (the gateway instance). */
  consumer: string;
  /** Entries per read (and per INSERT). */
  batch: number;
  /** How long XREADGROUP blocks for new entries; 0 = poll every `idleMs` (the connection can be shared). */
  blockMs?: number;
  /** Pause between polls of an empty stream when not blocking. Default 200 ms. */
  idleMs?: number;
  /** Entries another consumer has held unacknowledged this long are taken over (it died). Default 30 s. */
  claimIdleMs?: number;
  /**
   * After a batch smaller than `batch`, wait this long before reading again (default 0), so that at
   * a moderate rate entries gather into one INSERT instead of one INSERT (and one XACK/XDEL, and
   * their socket writes) per entry: the writer's CPU per entry falls with the load instead of rising.
   * Entries wait in the stream meanwhile (reads find them there first); a full batch reads again at once.
   */
  lingerMs?: number;
}

/** A stream entry as Redis returns it; `null` fields: the entry is gone (trimmed or deleted) but was pending. */
type Entry = [id: string, fields: string[] | null];

/**
 * Moves one Redis stream into PostgreSQL: XREADGROUP (own pending first, then dead consumers'
 * through XAUTOCLAIM, then new entries) → one batched write → XACK + XDEL. Used by the decision
 * log and the memory log alike (`LogKind` says how an entry is read and written).
 *
 * An entry is removed from the stream only once it is stored, or set aside: an entry PostgreSQL
 * refuses (or that cannot be read) becomes a dead letter with its reason, found by splitting the
 * batch (split-write.ts), while the good rows of the batch are stored; an entry gone from the
 * stream (nil) is acknowledged and counted. So one bad row never stops a log. When PostgreSQL is
 * down nothing is split or set aside: the batch stays in the stream and is retried with back-off.
 */
export class StreamLogWriter<T> {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private written = 0;
  private failures = 0;
  private deadLettered = 0;
  private skipped = 0;
  /** Own unacknowledged entries may exist: at start, and after any failed batch. */
  private recheckOwn = true;
  private nextClaimAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly kind: LogKind<T>,
    private readonly deadLetters: DeadLetterSink,
    private readonly log: Logger,
    private readonly opts: StreamWriterOptions,
    private readonly counters: LogCounters = {},
  ) {}

  get stats(): { written: number; failures: number; deadLettered: number; skipped: number } {
    return { written: this.written, failures: this.failures, deadLettered: this.deadLettered, skipped: this.skipped };
  }

  /** Starts the loop; it creates the consumer group itself, so Redis may still be down. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops after the batch in hand is written (or given up on, staying in the stream); a writer that
   * lingers then writes what gathered meanwhile, within the same grace, rather than leaving it to
   * the next writer to start.
   */
  async stop(graceMs = 2000): Promise<void> {
    this.running = false;
    this.wake?.();
    // A command stuck while Redis is down cannot finish; closing the connection afterwards ends it.
    const within = async (p: Promise<unknown>, ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    };
    await within(this.loop ?? Promise.resolve(), graceMs + (this.opts.blockMs ?? 0));
    if (this.opts.lingerMs && this.loop) await within(this.drainOnce().catch(() => 0), graceMs);
  }

  /** Writes everything currently in the stream (pending and new); for shutdown and tests. */
  async drainOnce(): Promise<number> {
    await this.ensureGroup();
    this.recheckOwn = true;
    let total = 0;
    for (;;) {
      const n = await this.step(0);
      total += n;
      if (n === 0) return total;
    }
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.opts.streamKey, this.opts.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }

  private async run(): Promise<void> {
    let backoff = 100;
    let grouped = false;
    while (this.running) {
      try {
        if (!grouped) {
          await this.ensureGroup();
          grouped = true;
        }
        const n = await this.step(this.opts.blockMs ?? 0);
        backoff = 100;
        if (n === 0 && !this.opts.blockMs) await this.sleep(this.opts.idleMs ?? 200);
        else if (n > 0 && n < this.opts.batch && this.opts.lingerMs && this.running) await this.sleep(this.opts.lingerMs);
      } catch (err) {
        this.failures++;
        this.recheckOwn = true;
        if (String(err).includes('NOGROUP')) grouped = false;
        this.log.error({ err: String(err), log: this.kind.name }, 'log write failed; entries stay in the stream and are retried');
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

  /**
   * One batch: own pending entries first (at start and after a failure), then dead consumers'
   * (checked every few seconds), then new ones. Under load this is one read per batch.
   */
  private async step(blockMs: number): Promise<number> {
    let entries: Entry[] = [];
    let gone = 0;
    if (this.recheckOwn) {
      entries = await this.read('0', 0);
      if (entries.length === 0) this.recheckOwn = false;
    }
    if (entries.length === 0 && Date.now() >= this.nextClaimAt) {
      this.nextClaimAt = Date.now() + Math.max(1000, (this.opts.claimIdleMs ?? 30_000) / 4);
      ({ entries, gone } = await this.claimAbandoned());
    }
    if (entries.length === 0) entries = await this.read('>', blockMs);
    this.skip(gone);
    if (entries.length === 0) return gone;

    const items: { id: string; fields: string[]; item: T }[] = [];
    const letters: NewDeadLetter[] = [];
    let nil = 0;
    for (const [id, fields] of entries) {
      if (!fields) {
        nil++;
        continue;
      }
      try {
        items.push({ id, fields, item: this.kind.decode(fields) });
      } catch (err) {
        letters.push(this.letter(id, fields, `unreadable entry: ${describeError(err).reason}`, null));
      }
    }
    const refused = await writeSplitting(items, (batch) => this.kind.write(batch.map((b) => b.item)));
    for (const { item, err } of refused) {
      const { reason, errorCode } = describeError(err);
      letters.push(this.letter(item.id, item.fields, reason, errorCode));
    }
    // Set aside before the ack: if this fails (PostgreSQL down), the entries stay and come back.
    if (letters.length) await this.deadLetters.add(letters);
    const ids = entries.map(([id]) => id);
    await this.redis.multi().xack(this.opts.streamKey, this.opts.group, ...ids).xdel(this.opts.streamKey, ...ids).exec();
    const stored = items.length - refused.length;
    this.written += stored;
    this.counters.written?.inc({ log: this.kind.name }, stored);
    this.skip(nil);
    if (letters.length) {
      this.deadLettered += letters.length;
      this.counters.deadLetters?.inc({ log: this.kind.name }, letters.length);
      for (const l of letters) this.log.error({ log: this.kind.name, entryId: l.entryId, reason: l.reason, errorCode: l.errorCode }, 'log entry set aside as a dead letter (pnpm npc dead-letters list)');
    }
    return entries.length + gone;
  }

  private skip(n: number): void {
    if (n === 0) return;
    this.skipped += n;
    this.counters.skipped?.inc({ log: this.kind.name, reason: 'nil' }, n);
    this.log.warn({ log: this.kind.name, entries: n }, 'log entries gone from the stream before they were written (trimmed or deleted): skipped');
  }

  private letter(entryId: string, fields: string[], reason: string, errorCode: string | null): NewDeadLetter {
    return { log: this.kind.name, entryId, payload: JSON.stringify(fields), reason, errorCode };
  }

  private async read(from: '0' | '>', blockMs: number): Promise<Entry[]> {
    const { streamKey, consumer, batch, group } = this.opts;
    const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', batch];
    if (from === '>' && blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', streamKey, from);
    const res = (await this.redis.call('XREADGROUP', ...args)) as [string, Entry[]][] | null;
    return res?.[0]?.[1] ?? [];
  }

  /** Dead consumers' entries; `gone`: ids Redis dropped from the pending list because the entry no longer exists. */
  private async claimAbandoned(): Promise<{ entries: Entry[]; gone: number }> {
    const { streamKey, consumer, batch, group } = this.opts;
    const res = (await this.redis.call('XAUTOCLAIM', streamKey, group, consumer, this.opts.claimIdleMs ?? 30_000, '0-0', 'COUNT', batch)) as
      [string, (Entry | null)[], string[]?];
    return { entries: (res[1] ?? []).filter((e): e is Entry => Array.isArray(e)), gone: res[2]?.length ?? 0 };
  }
}
