import type { DecisionRecord } from '@npc/contracts';
import type { Logger } from 'pino';

/**
 * Guards the decision log against losing Redis itself. A finished decision reaches PostgreSQL
 * through the Redis stream (finalize → stream → log writer); if Redis dies with entries the log
 * writer has not written yet (a crash, or a restart without persistence), those decisions would be
 * answered but never stored. So the gateway keeps the decisions it answered most recently (as the
 * raw JSON it received, cheap to hold) and, whenever its Redis connection comes back after a break,
 * writes them to PostgreSQL again through `sink` (idempotent: the insert ignores ids already there).
 */
export class RecentDecisions {
  private readonly ring: (string | undefined)[];
  private next = 0;
  private connectedBefore = false;
  private broken = false;

  constructor(
    private readonly sink: (records: DecisionRecord[]) => void,
    private readonly log: Logger,
    /** How many recent decisions are kept: ≈ 2 s at 2,000 decisions/s (the log writer normally lags by well under 100 ms). */
    readonly capacity = 4_000,
  ) {
    this.ring = new Array<string | undefined>(capacity);
  }

  /** A decision this gateway answered, as JSON (as it arrived on the reply channel, or as finalize stored it). */
  remember(json: string): void {
    this.ring[this.next] = json;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Re-stores the kept decisions each time `redis` is ready again after a break. */
  watch(redis: { readonly status: string; on(event: 'ready' | 'close', listener: () => void): unknown }): void {
    if (redis.status === 'ready') this.connectedBefore = true;
    redis.on('ready', () => {
      if (this.connectedBefore && this.broken) this.restore();
      this.connectedBefore = true;
      this.broken = false;
    });
    redis.on('close', () => {
      if (this.connectedBefore) this.broken = true;
    });
  }

  /** Hands every kept decision to the sink once more (they stay kept). */
  restore(): number {
    const records: DecisionRecord[] = [];
    for (const json of this.ring) {
      if (json === undefined) continue;
      try {
        records.push(JSON.parse(json) as DecisionRecord);
      } catch {
        // never stored malformed: skip
      }
    }
    if (records.length) {
      this.log.warn({ decisions: records.length }, 'Redis connection restored: re-storing the most recent decisions in case the decision log lost entries');
      this.sink(records);
    }
    return records.length;
  }
}
