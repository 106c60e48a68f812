import type { BudgetGate, ReservationFor } from './types';

/** A reservation to ask for before the prompt is known (`LlmClient.reservationAhead`). */
export interface ReservationAhead {
  usd: number;
  forCall: ReservationFor;
}

/**
 * A decision's budget gate whose first reservation is asked for ahead: at once, in the same
 * round trip as the stage's reads (memory, the reply store), instead of after them. The client's
 * first `reserve` takes it when it is for the same provider and covers the amount (it is an upper
 * bound: the prompt without its memory lines, plus an allowance for them); otherwise it is given
 * back and the client reserves as always. Settled at what the call really cost, so holding a little
 * more for a moment never changes what is spent; a request is still only sent on a reservation
 * that covers it, so the budget is never overspent. `done()` gives it back if nothing used it.
 */
export class AheadBudgetGate implements BudgetGate {
  private pending: Promise<{ id: string } | null> | undefined;

  constructor(private readonly inner: BudgetGate, private readonly ahead: ReservationAhead) {
    this.pending = inner.reserve(ahead.usd, ahead.forCall).catch(() => null);
  }

  reserve(usd: number, forCall?: ReservationFor): Promise<{ id: string } | null> {
    const early = this.pending;
    this.pending = undefined;
    if (!early) return this.inner.reserve(usd, forCall);
    if (forCall?.provider === this.ahead.forCall.provider && usd <= this.ahead.usd) {
      // Refused ahead (the upper bound did not fit): the real amount may still fit.
      return early.then((got) => got ?? this.inner.reserve(usd, forCall));
    }
    this.giveBack(early);
    return this.inner.reserve(usd, forCall);
  }

  settle(reservation: { id: string }, actualUsd: number): Promise<unknown> {
    return this.inner.settle(reservation, actualUsd);
  }

  release(reservation: { id: string }): Promise<void> {
    return this.inner.release(reservation);
  }

  /** The decision is over: the reservation asked for ahead goes back if no call took it. */
  done(): void {
    const early = this.pending;
    this.pending = undefined;
    if (early) this.giveBack(early);
  }

  private giveBack(early: Promise<{ id: string } | null>): void {
    void early.then((got) => (got ? this.inner.release(got) : undefined)).catch(() => undefined);
  }
}
