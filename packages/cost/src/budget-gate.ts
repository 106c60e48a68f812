import type { BudgetGate } from '@npc/llm';
import type { DailyBudget, Reservation } from './budget';

/** The LLM client's spending gate (`BudgetGate` of @npc/llm) over the shared daily budget in Redis. */
export function budgetGate(budget: DailyBudget): BudgetGate {
  const held = new Map<string, Reservation>();
  return {
    async reserve(usd, forCall) {
      // The reservation carries its provider and decision: an expired one is traced to its call.
      const r = await budget.reserve(usd, forCall ? { ...forCall } : undefined);
      if (r) held.set(r.id, r);
      return r;
    },
    async settle(reservation, actualUsd) {
      const r = held.get(reservation.id);
      held.delete(reservation.id);
      if (r) return budget.settle(r, actualUsd);
      return undefined;
    },
    async release(reservation) {
      const r = held.get(reservation.id);
      held.delete(reservation.id);
      if (r) await budget.release(r);
    },
  };
}
