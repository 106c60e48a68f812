import type { DecisionState } from './decision-state';
import type { ProviderSlot } from './provider-slot';
import { takeTurn, type TurnResult } from './turn';
import type { LlmOutcome } from './types';

/**
 * Failover within one decision's deadline: the providers in priority order (skipping an open
 * breaker, one held back by a 429 or a full shared rate window, one too slow for the time left),
 * a hedged request to the next provider when one is slow (`hedgeAfterMs`), and retry rounds over
 * the providers that failed transiently, after a jittered exponential pause. The first valid
 * answer wins and the other requests in flight are aborted.
 */

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Runs one decision's failover over the client's provider slots. */
export class Failover {
  // Turn scheduling: round 0 tries every provider in order; later rounds retry the transient failures.
  private pending: ProviderSlot[];
  private retryable: ProviderSlot[] = [];
  private round = 0;

  constructor(
    slots: readonly ProviderSlot[],
    private readonly st: DecisionState,
  ) {
    this.pending = [...slots];
  }

  /**
   * Runs the schedule, but answers at the deadline whatever is still in flight: the in-flight
   * requests are aborted and clean up (release their reservations, report their calls) after
   * decide() has returned, so that I/O backlog can never hold the caller past its deadline.
   */
  async run(): Promise<LlmOutcome> {
    let deadlineTimer: NodeJS.Timeout | undefined;
    const atDeadline = new Promise<LlmOutcome>((resolve) => {
      deadlineTimer = setTimeout(() => {
        this.st.master.abort();
        resolve(this.st.failure(this.st.budgetRefused ? 'budget' : 'deadline'));
      }, Math.max(0, this.st.left()));
    });
    const scheduled = this.schedule();
    scheduled.catch(() => undefined); // a late rejection after the deadline answer is not unhandled
    try {
      return await Promise.race([scheduled, atDeadline]);
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  /** The next provider to try now, or null. May pause (jitter, Retry-After) only when `mayWait`. */
  private async nextSlot(mayWait: boolean): Promise<ProviderSlot | null> {
    for (;;) {
      if (this.st.budgetRefused || this.st.master.signal.aborted) return null;
      if (this.pending.length === 0) {
        if (!mayWait || this.round >= this.st.s.retries || this.retryable.length === 0) return null;
        this.round++;
        this.pending = this.retryable;
        this.retryable = [];
        const pause = this.st.s.retryBaseMs * 2 ** (this.round - 1) * (0.5 + this.st.s.random());
        if (pause + this.st.s.minAttemptMs > this.st.left()) {
          this.st.deadlineStopped = true;
          return null;
        }
        await sleep(pause, this.st.master.signal);
        continue;
      }
      const slot = this.pending[0];
      if (!slot) return null;
      const now = Date.now();
      if (!slot.breakerAllows(now)) {
        this.pending.shift();
        this.st.skipRecord(slot, 'breaker_open', 'circuit open');
        continue;
      }
      if (slot.rateLimitedUntil > now) {
        const wait = slot.rateLimitedUntil - now;
        if (this.round === 0 || !mayWait || wait + slot.expectedMs(this.st.s.minAttemptMs) > this.st.left()) {
          // Try the others first; in a retry round, wait only when the answer still fits.
          this.pending.shift();
          if (this.round < this.st.s.retries) this.retryable.push(slot);
          else this.st.skipRecord(slot, 'rate_limited', `Retry-After ${wait} ms does not fit the deadline`);
          continue;
        }
        await sleep(wait, this.st.master.signal);
        continue;
      }
      if (slot.expectedMs(this.st.s.minAttemptMs) > this.st.left()) {
        // It cannot answer in time; a faster provider further down might.
        this.pending.shift();
        this.st.deadlineStopped = true;
        continue;
      }
      this.pending.shift();
      return slot;
    }
  }

  private async schedule(): Promise<LlmOutcome> {
    type Running = { ctrl: AbortController; done: Promise<TurnResult & { id: number }> };
    const running = new Map<number, Running>();
    let nextId = 0;
    let lastLaunch = 0;
    const launch = (slot: ProviderSlot, hedged: boolean) => {
      const id = nextId++;
      const ctrl = new AbortController();
      const onMaster = () => ctrl.abort();
      this.st.master.signal.addEventListener('abort', onMaster, { once: true });
      const done = takeTurn(this.st, slot, ctrl.signal, hedged)
        .catch((): TurnResult => ({ ok: false, slot, retryable: false }))
        .then((r) => {
          this.st.master.signal.removeEventListener('abort', onMaster);
          return { ...r, id };
        });
      running.set(id, { ctrl, done });
      lastLaunch = Date.now();
    };

    const first = await this.nextSlot(true);
    if (first) launch(first, false);
    let hedgeOff = false;
    while (running.size > 0) {
      const hedgeAt = this.st.s.hedgeAfterMs;
      const canHedge = hedgeAt !== undefined && !hedgeOff && running.size < 2 && !this.st.budgetRefused && this.pending.length > 0;
      let timer: NodeJS.Timeout | undefined;
      const races: Promise<(TurnResult & { id: number }) | 'hedge'>[] = [...running.values()].map((r) => r.done);
      if (canHedge) {
        races.push(new Promise((resolve) => {
          timer = setTimeout(() => resolve('hedge'), Math.max(0, lastLaunch + hedgeAt - Date.now()));
        }));
      }
      const r = await Promise.race(races);
      if (timer) clearTimeout(timer);
      if (r === 'hedge') {
        const slot = await this.nextSlot(false);
        if (slot) launch(slot, true);
        else hedgeOff = true;
        continue;
      }
      running.delete(r.id);
      if (r.ok) {
        // First valid answer wins: abort the others and let them give their reservations back.
        for (const other of running.values()) other.ctrl.abort();
        await Promise.allSettled([...running.values()].map((o) => o.done));
        return this.st.success(r.body, r.slot);
      }
      if (r.retryable) this.retryable.push(r.slot);
      if (running.size === 0) {
        const slot = await this.nextSlot(true);
        if (slot) launch(slot, false);
      }
    }
    return this.st.failure();
  }
}
