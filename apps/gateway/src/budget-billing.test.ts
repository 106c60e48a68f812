import { describe, expect, it } from 'vitest';
import type { FakeLlm, FakePricing } from '@npc/testing';
import { ask, startLlmStack, type LlmStack } from './test-llm-stack';

/**
 * The budget against what the providers bill, not against what the ledger thinks: the fake
 * providers bill every request they received, aborted or not (a real provider bills a request the
 * client gave up on), and the test compares their bill with the budget.
 */

const settledAll = (fakes: FakeLlm[]) => fakes.every((f) => f.calls().every((c) => c.answeredAt !== null || c.clientClosed || c.status !== null));

async function figures(st: LlmStack, budgetUsd: number) {
  const fakes = [st.primary, st.secondary];
  await expect.poll(() => settledAll(fakes), { timeout: 10_000 }).toBe(true);
  const [p, s] = fakes.map((f) => f.bill());
  // Ledger rows are written in batches: wait for every request the fakes received to have its row.
  const sent = p!.requests + s!.requests;
  const rows = async () => (await st.s.db.database.pool.query(
    `select outcome, count(*)::int as n, coalesce(sum(cost_usd), 0)::float8 as usd from ${st.s.schema}.llm_calls group by outcome order by outcome`,
  )).rows as { outcome: string; n: number; usd: number }[];
  await expect.poll(async () => (await rows()).filter((r) => !['budget_refused', 'breaker_open', 'rate_limited'].includes(r.outcome)).reduce((a, r) => a + r.n, 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(sent);
  // …and for the ledger to have caught up with what the budget settled.
  await expect.poll(async () => Math.abs((await rows()).reduce((a, r) => a + r.usd, 0) - (await st.worker.budget.status()).spentUsd) < 1e-9, { timeout: 10_000 }).toBe(true);
  const ledger = await rows();
  const ledgerUsd = ledger.reduce((a, r) => a + r.usd, 0);
  const status = await st.worker.budget.status();
  return { bill: p!.usd + s!.usd, primary: p!, secondary: s!, ledger, ledgerUsd, status, budgetUsd };
}

const PRICES: FakePricing = { inputUsdPerMTok: 1, outputUsdPerMTok: 4 };

describe('the budget counts what the providers bill', () => {
  it("a provider that always answers after the client's timeout: its bill never passes the budget", async () => {
    const st = await startLlmStack(
      { LLM_DAILY_BUDGET_USD: '0.01', LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0', LLM_MAX_TOKENS: '200', LLM_BREAKER_THRESHOLD: '1000' },
      { providers: [{ ...PRICES, timeoutMs: 150 }, { ...PRICES, timeoutMs: 150 }], fake: { pricing: PRICES, latencyMs: 400 } },
    );
    try {
      const sources: Record<string, number> = {};
      const lanes = Array.from({ length: 10 }, async (_, lane) => {
        for (let i = 0; i < 6; i++) {
          const r = await ask(st, `tell me the tale number ${lane * 6 + i} of the slow bard`, { player: { id: `slow-${lane}`, name: 'Aria' } });
          expect(r.status).toBe(200);
          sources[r.body.source] = (sources[r.body.source] ?? 0) + 1;
        }
      });
      await Promise.all(lanes);
      const f = await figures(st, 0.01);
      console.log(`slow provider (answers at 400 ms, client timeout 150 ms), 60 decisions, budget $0.010000: providers received ${f.primary.requests + f.secondary.requests} requests (${f.primary.abandoned + f.secondary.abandoned} abandoned by the client) and billed $${f.bill.toFixed(6)}; ledger $${f.ledgerUsd.toFixed(6)} ${JSON.stringify(f.ledger.map((r) => `${r.outcome}:${r.n}`))}; budget spent $${f.status.spentUsd.toFixed(6)} + expired $${f.status.expiredUsd.toFixed(6)}; decisions ${JSON.stringify(sources)}`);
      expect(f.bill).toBeGreaterThan(0);
      expect(f.bill).toBeLessThanOrEqual(0.01);
      // What the budget counted covers what was billed: each timeout at its reservation.
      expect(f.ledgerUsd).toBeGreaterThanOrEqual(f.bill);
      expect(f.status.spentUsd + f.status.expiredUsd).toBeLessThanOrEqual(0.01);
      expect(f.ledger.find((r) => r.outcome === 'timeout')?.n).toBeGreaterThan(0);
      expect(sources.rules).toBe(60);
    } finally {
      await st.close();
    }
  });

  it('300 concurrent LLM decisions with hedging and timeouts against a $0.50 budget: the two providers together bill ≤ $0.50', async () => {
    const expensive: FakePricing = { inputUsdPerMTok: 3, outputUsdPerMTok: 12 };
    const st = await startLlmStack(
      { LLM_DAILY_BUDGET_USD: '0.5', LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0', LLM_MAX_TOKENS: '200', LLM_HEDGE_AFTER_MS: '100', LLM_BREAKER_THRESHOLD: '1000' },
      { providers: [{ ...expensive, timeoutMs: 600 }, { ...expensive, timeoutMs: 600 }], fake: { pricing: expensive, latencyMs: { min: 5, max: 800 } } },
    );
    try {
      // A 10 s deadline: on this loaded box the worker takes seconds to start 300 provider requests
      // (prompt, token estimate, reservation each), and the race is about timeouts and hedges.
      const replies = await Promise.all(Array.from({ length: 300 }, (_, i) => ask(st, `sing me ballad number ${i} of the old kingdom`, { player: { id: `race-${i}`, name: 'Aria' }, deadlineMs: 10_000 })));
      expect(replies.every((r) => r.status === 200)).toBe(true);
      const sources: Record<string, number> = {};
      for (const r of replies) sources[r.body.source] = (sources[r.body.source] ?? 0) + 1;
      const f = await figures(st, 0.5);
      console.log(`budget race with hedging (100 ms) and timeouts (600 ms; provider latency 5–800 ms), 300 concurrent decisions, budget $0.500000: primary received ${f.primary.requests} (billed ${f.primary.billed}, ${f.primary.abandoned} abandoned) $${f.primary.usd.toFixed(6)}, secondary received ${f.secondary.requests} (billed ${f.secondary.billed}, ${f.secondary.abandoned} abandoned) $${f.secondary.usd.toFixed(6)}: providers billed $${f.bill.toFixed(6)} in all; ledger $${f.ledgerUsd.toFixed(6)} ${JSON.stringify(f.ledger.map((r) => `${r.outcome}:${r.n}`))}; budget spent $${f.status.spentUsd.toFixed(6)}; decisions ${JSON.stringify(sources)}; overspend $${Math.max(0, f.bill - 0.5).toFixed(6)}`);
      expect(f.bill).toBeLessThanOrEqual(0.5);
      expect(f.ledgerUsd).toBeGreaterThanOrEqual(f.bill);
      expect(f.status.spentUsd + f.status.expiredUsd).toBeLessThanOrEqual(0.5);
      expect(sources.llm ?? 0).toBeGreaterThan(0);
      expect((sources.llm ?? 0) + (sources.rules ?? 0)).toBe(300);
      expect(f.primary.requests + f.secondary.requests).toBeGreaterThan(20);
    } finally {
      await st.close();
    }
  });
});
