import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision } from '@npc/contracts';
import { decisionBody, http } from './test-harness';
import { ask, startLlmStack, type LlmStack } from './test-llm-stack';

const ledgerRows = async (st: LlmStack) =>
  (await st.s.db.database.pool.query(`select provider, outcome, cost_usd::float8 as cost from ${st.s.schema}.llm_calls order by at`)).rows as { provider: string; outcome: string; cost: number }[];

describe('the LLM route', () => {
  let st: LlmStack;
  beforeAll(async () => {
    st = await startLlmStack();
  });
  afterAll(async () => st?.close());

  it('answers an open-ended question through the LLM, costs it, and writes a ledger row', async () => {
    const r = await ask(st, 'who founded prontera?');
    expect(r.status).toBe(200);
    const d = Decision.parse(r.body);
    expect(d.source).toBe('llm');
    expect(d.costUsd).toBeGreaterThan(0);
    expect(['talk', 'emote']).toContain(d.action.type);
    await expect.poll(async () => (await ledgerRows(st)).length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect((await ledgerRows(st))[0]).toMatchObject({ provider: 'primary', outcome: 'ok' });
    expect(st.primary.calls()).toHaveLength(1);
  });

  it('serves the same question again from the cache: source cache, cost 0, no provider call', async () => {
    const calls = st.primary.calls().length;
    const r = await ask(st, 'Who founded Prontera??');
    const d = Decision.parse(r.body);
    expect(d.source).toBe('cache');
    expect(d.costUsd).toBe(0);
    expect(st.primary.calls().length).toBe(calls);
  });

  it('keeps transactional requests on the rules: no LLM cost for a warp', async () => {
    const calls = st.primary.calls().length;
    const r = await http(st.s.url, 'POST', '/v1/decisions', { key: st.s.keys.game, body: decisionBody('kafra', { event: { type: 'talk', text: 'warp me to geffen' }, allowedActions: ['warp', 'talk'], deadlineMs: 3000 }) });
    expect(r.body.source).toBe('rules');
    expect(r.body.action.type).toBe('warp');
    expect(st.primary.calls().length).toBe(calls);
  });

  it('fails over to the secondary when the primary errors, and to the rules when both do', async () => {
    st.primary.setBehaviour('500');
    const r = await ask(st, 'tell me the legend of the old tower');
    expect(r.body.source).toBe('llm');
    await expect.poll(async () => (await ledgerRows(st)).map((x) => `${x.provider}:${x.outcome}`), { timeout: 5000 }).toEqual(expect.arrayContaining(['primary:error', 'secondary:ok']));
    st.secondary.setBehaviour('malformed');
    const t0 = Date.now();
    const r2 = await ask(st, 'what is the story of geffen magic academy');
    expect(r2.status).toBe(200);
    expect(Decision.parse(r2.body).source).toBe('rules');
    expect(Date.now() - t0).toBeLessThan(3000);
    st.primary.setBehaviour('ok');
    st.secondary.setBehaviour('ok');
  });

  it('GET /v1/costs (admin) shows spend by provider, model and NPC, the budget and what remains', async () => {
    const forbidden = await http(st.s.url, 'GET', '/v1/costs', { key: st.s.keys.game });
    expect(forbidden.status).toBe(403);
    const day = st.worker.budget.day();
    const costs = () => http(st.s.url, 'GET', `/v1/costs?day=${day}`, { key: st.s.keys.admin });
    // The ledger is written in batches; wait until it has caught up with what the budget settled.
    await expect.poll(async () => {
      const b = (await costs()).body;
      return Math.abs(b.ledger.total.costUsd - b.budget.spentUsd) < 1e-9;
    }, { timeout: 5000 }).toBe(true);
    const r = await costs();
    expect(r.status).toBe(200);
    expect(r.body.day).toBe(day);
    expect(r.body.budget.budgetUsd).toBe(10);
    expect(r.body.budget.spentUsd).toBeGreaterThan(0);
    expect(r.body.ledger.total.costUsd).toBeCloseTo(r.body.budget.spentUsd, 9);
    expect(r.body.ledger.byProviderModel.map((p: { provider: string }) => p.provider)).toEqual(expect.arrayContaining(['primary', 'secondary']));
    expect(r.body.ledger.byNpc[0].npcId).toBe('bard');
    expect((await http(st.s.url, 'GET', '/v1/costs?day=yesterday', { key: st.s.keys.admin })).body.error.field).toBe('day');
  });
});

describe('the budget is never overspent', () => {
  it('1,000 concurrent LLM decisions against a budget for about 100: ledger ≤ budget, the rest answered by rules', async () => {
    // Each fake answer costs a fixed amount; the budget covers about 100 of them (reservations are pessimistic).
    // Client timeouts well past what 1,000 requests queued in one loaded test process can take: a
    // timed-out request is billed at its reservation (budget-billing.test.ts covers that), and here
    // the race is about concurrent reservations, not about timeouts eating the budget.
    const slow = { timeoutMs: 15_000 };
    const st = await startLlmStack(
      { LLM_DAILY_BUDGET_USD: '0.02', LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0', LLM_MAX_TOKENS: '100' },
      { providers: [slow, slow] },
    );
    try {
      st.primary.setBehaviour({ kind: 'ok', latencyMs: { min: 5, max: 40 }, usage: { prompt_tokens: 600, completion_tokens: 60 } });
      st.secondary.setBehaviour({ kind: 'ok', latencyMs: { min: 5, max: 40 }, usage: { prompt_tokens: 600, completion_tokens: 60 } });
      const replies = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => ask(st, `tell me a story about the hero number ${i}`, { deadlineMs: 20_000, player: { id: `p${i}`, name: `Hero${i}` } })),
      );
      expect(replies.every((r) => r.status === 200)).toBe(true);
      const bySource: Record<string, number> = {};
      for (const r of replies) bySource[r.body.source] = (bySource[r.body.source] ?? 0) + 1;
      await expect.poll(async () => (await ledgerRows(st)).filter((x) => x.outcome === 'ok').length, { timeout: 10_000 }).toBe(bySource.llm ?? 0);
      const rows = await ledgerRows(st);
      const total = rows.reduce((a, r) => a + r.cost, 0);
      const overspend = Math.max(0, total - 0.02);
      const outcomes: Record<string, number> = {};
      for (const r of rows) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      console.log(`budget race: 1000 decisions → ${JSON.stringify(bySource)}; ledger outcomes ${JSON.stringify(outcomes)}; ledger total $${total.toFixed(6)} of $0.020000; overspend $${overspend.toFixed(6)}`);
      expect(total).toBeLessThanOrEqual(0.02);
      expect(overspend).toBe(0);
      expect(bySource.llm ?? 0).toBeGreaterThan(40);
      expect((bySource.llm ?? 0) + (bySource.rules ?? 0)).toBe(1000);
    } finally {
      await st.close();
    }
  });
});
