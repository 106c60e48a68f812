import type { Redis } from 'ioredis';
import type { DecisionRecord } from '@npc/contracts';
import type { Logger } from 'pino';

type Waiter = (record: DecisionRecord) => void;

/**
 * The gateway side of the reply path: one subscriber connection on this instance's reply channel.
 * Stages publish finished decisions there (see finalize.ts); waiters are keyed by decision id.
 * Other channels (e.g. NPC cache invalidation) can be attached to the same connection.
 */
export class ReplyListener {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly handlers = new Map<string, (message: string) => void>();
  private readonly taps: ((message: string) => void)[] = [];

  constructor(
    private readonly sub: Redis,
    readonly channel: string,
    private readonly log: Logger,
  ) {
    this.handlers.set(channel, (msg) => this.onReply(msg));
    sub.on('message', (ch: string, msg: string) => this.handlers.get(ch)?.(msg));
  }

  async start(): Promise<void> {
    await this.sub.subscribe(...this.handlers.keys());
  }

  /** Also route messages of `channel` to `handler` (subscribed by start()). */
  on(channel: string, handler: (message: string) => void): void {
    this.handlers.set(channel, handler);
  }

  /** Also hands every well-formed reply, as received, to `fn` (e.g. RecentDecisions). */
  tap(fn: (message: string) => void): void {
    this.taps.push(fn);
  }

  /** Resolves when the decision arrives on this instance's channel. Cancel with the returned fn. */
  wait(decisionId: string): { promise: Promise<DecisionRecord>; cancel: () => void } {
    let waiter!: Waiter;
    const promise = new Promise<DecisionRecord>((resolve) => (waiter = resolve));
    const list = this.waiters.get(decisionId);
    if (list) list.push(waiter);
    else this.waiters.set(decisionId, [waiter]);
    const cancel = () => {
      const l = this.waiters.get(decisionId);
      if (!l) return;
      const i = l.indexOf(waiter);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) this.waiters.delete(decisionId);
    };
    return { promise, cancel };
  }

  isWaiting(decisionId: string): boolean {
    return this.waiters.has(decisionId);
  }

  /** Delivers a record to local waiters (also used when this process finalized it itself). */
  deliver(record: DecisionRecord): void {
    const list = this.waiters.get(record.decision.decisionId);
    if (!list) return;
    this.waiters.delete(record.decision.decisionId);
    for (const w of list) w(record);
  }

  get pendingCount(): number {
    return this.waiters.size;
  }

  private onReply(message: string): void {
    // Records on this channel were validated by the stage that finalized them; parse cheaply.
    let record: DecisionRecord | undefined;
    try {
      record = JSON.parse(message) as DecisionRecord;
    } catch {
      record = undefined;
    }
    if (!record?.decision?.decisionId) {
      this.log.warn({ channel: this.channel }, 'dropping a malformed reply');
      return;
    }
    for (const tap of this.taps) tap(message);
    this.deliver(record);
  }
}
