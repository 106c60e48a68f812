import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepository, usdToNumeric, type NewLlmCall } from './ledger';
import { createTestDatabase, type TestDatabase } from './test-db';

const DAY = '2025-03-01';

function call(overrides: Partial<NewLlmCall> = {}): NewLlmCall {
  return {
    day: DAY,
    startedAt: Date.parse('2025-03-01T10:00:00Z'),
    attempt: 1,
    provider: 'primary',
    model: 'gpt-4o-mini',
    decisionId: randomUUID(),
    npcId: 'kafra_1',
    apiKeyId: 'key_1',
    inputTokens: 100,
    outputTokens: 20,
    costUsd: 0.000027, // 100 × 0.15 + 20 × 0.6 µUSD
    reservedUsd: 0.000048,
    outcome: 'ok',
    latencyMs: 812.4,
    ...overrides,
  };
}

describe('LedgerRepository', () => {
  let test: TestDatabase;
  let ledger: LedgerRepository;
  beforeAll(async () => {
    test = await createTestDatabase();
    ledger = new LedgerRepository(test.database.db);
  });
  afterAll(() => test.drop());

  it('inserts a batch and sums a day exactly: total, by provider + model, by NPC, by outcome', async () => {
    const rows: NewLlmCall[] = [
      call({ costUsd: 0.000123456, inputTokens: 500, outputTokens: 40 }),
      call({ costUsd: 0.000123456, inputTokens: 500, outputTokens: 40, npcId: 'kafra_2' }),
      call({ costUsd: 0.000123456, inputTokens: 500, outputTokens: 40, outcome: 'repaired' }),
      call({ provider: 'fallback', model: 'llama-3.1-8b', costUsd: 0.000000001, inputTokens: 7, outputTokens: 1, npcId: undefined, decisionId: undefined }),
      call({ provider: 'fallback', model: 'llama-3.1-8b', costUsd: 0, inputTokens: 0, outputTokens: 0, outcome: 'timeout', error: 'timeout after 4000 ms' }),
      call({ costUsd: 0, inputTokens: 0, outputTokens: 0, reservedUsd: 0, outcome: 'budget_refused', npcId: 'kafra_2', latencyMs: 0 }),
      call({ day: '2025-03-02', costUsd: 1.5 }), // another day: not counted
    ];
    expect(await ledger.insertMany(rows)).toBe(rows.length);

    const summary = await ledger.summary(DAY);
    expect(summary.total).toEqual({ calls: 6, inputTokens: 1507, outputTokens: 121, costUsd: 0.000370369 });
    expect(summary.byProviderModel).toEqual([
      { provider: 'primary', model: 'gpt-4o-mini', calls: 4, inputTokens: 1500, outputTokens: 120, costUsd: 0.000370368 },
      { provider: 'fallback', model: 'llama-3.1-8b', calls: 2, inputTokens: 7, outputTokens: 1, costUsd: 0.000000001 },
    ]);
    expect(summary.byNpc).toEqual([
      { npcId: 'kafra_1', calls: 3, inputTokens: 1000, outputTokens: 80, costUsd: 0.000246912 },
      { npcId: 'kafra_2', calls: 2, inputTokens: 500, outputTokens: 40, costUsd: 0.000123456 },
      { npcId: null, calls: 1, inputTokens: 7, outputTokens: 1, costUsd: 0.000000001 },
    ]);
    expect(summary.byOutcome).toEqual([
      { outcome: 'ok', calls: 3, inputTokens: 1007, outputTokens: 81, costUsd: 0.000246913 },
      { outcome: 'budget_refused', calls: 1, inputTokens: 0, outputTokens: 0, costUsd: 0 },
      { outcome: 'repaired', calls: 1, inputTokens: 500, outputTokens: 40, costUsd: 0.000123456 },
      { outcome: 'timeout', calls: 1, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    ]);
    expect(await ledger.total(DAY)).toEqual(summary.total);
    expect(await ledger.total('2025-03-02')).toEqual({ calls: 1, inputTokens: 100, outputTokens: 20, costUsd: 1.5 });
  });

  it('stores every field as given, amounts with 9 exact decimals', async () => {
    const row = call({ day: '2025-04-01', costUsd: 0.1 + 0.2, reservedUsd: 12345.123456789, error: 'boom', latencyMs: 3.6 });
    await ledger.insertMany([row]);
    const stored = await test.database.db
      .selectFrom('llm_calls')
      .select(['id', sql<string>`day::text`.as('day'), 'at', 'provider', 'model', 'decision_id', 'npc_id', 'api_key_id', 'input_tokens', 'output_tokens', 'cost_usd', 'reserved_usd', 'outcome', 'latency_ms', 'error'])
      .where('decision_id', '=', row.decisionId!)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      id: expect.any(String), day: '2025-04-01', at: new Date(row.startedAt), provider: 'primary', model: 'gpt-4o-mini', decision_id: row.decisionId,
      npc_id: 'kafra_1', api_key_id: 'key_1', input_tokens: 100, output_tokens: 20, cost_usd: '0.300000000', reserved_usd: '12345.123456789',
      outcome: 'ok', latency_ms: 4, error: 'boom',
    });
  });

  it('sums thousands of rows without drift, across split inserts', async () => {
    const day = '2025-05-01';
    let nano = 0;
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const cost = (i * 7919) % 100_000; // nano-dollars
      nano += cost;
      return call({ day, costUsd: cost / 1e9, provider: i % 2 ? 'a' : 'b', npcId: `npc_${i % 10}` });
    });
    expect(await ledger.insertMany(rows, 300)).toBe(1000);
    const summary = await ledger.summary(day);
    expect(summary.total.costUsd).toBe(nano / 1e9);
    expect(summary.total.calls).toBe(1000);
    expect(summary.byNpc).toHaveLength(10);
    const sum = (xs: { costUsd: number }[]) => xs.reduce((a, x) => a + Math.round(x.costUsd * 1e9), 0);
    expect(sum(summary.byProviderModel)).toBe(nano);
    expect(sum(summary.byNpc)).toBe(nano);
  });

  it('skips rows already stored (a retried batch) and rejects a bad batch whole', async () => {
    const day = '2025-06-01';
    const rows = [call({ day, id: randomUUID() }), call({ day, id: randomUUID() })];
    expect(await ledger.insertMany(rows)).toBe(2);
    expect(await ledger.insertMany([...rows, call({ day })])).toBe(1);
    expect((await ledger.total(day)).calls).toBe(3);

    await expect(ledger.insertMany([call({ day }), call({ day, decisionId: 'not-a-uuid' })])).rejects.toThrow(/row 1: decisionId/);
    await expect(ledger.insertMany([call({ day, costUsd: -0.1 })])).rejects.toThrow(RangeError);
    await expect(ledger.insertMany([call({ day, costUsd: 100_000 })])).rejects.toThrow(RangeError);
    await expect(ledger.insertMany([call({ day, inputTokens: 1.5 })])).rejects.toThrow(RangeError);
    await expect(ledger.insertMany([call({ day: '2025-13-45' })])).rejects.toThrow(RangeError);
    expect((await ledger.total(day)).calls).toBe(3);
    expect(await ledger.insertMany([])).toBe(0);
  });

  it('summarises an empty day as zeros', async () => {
    expect(await ledger.summary('1999-01-01')).toEqual({
      day: '1999-01-01', total: { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }, byProviderModel: [], byNpc: [], byOutcome: [],
    });
    await expect(ledger.summary("2025-01-01' or 1=1")).rejects.toThrow(RangeError);
  });
});

describe('usdToNumeric', () => {
  it('writes 9 exact decimals', () => {
    expect(usdToNumeric(0)).toBe('0.000000000');
    expect(usdToNumeric(0.000000001)).toBe('0.000000001');
    expect(usdToNumeric(0.1 + 0.2)).toBe('0.300000000');
    expect(usdToNumeric(99_999)).toBe('99999.000000000');
    expect(() => usdToNumeric(Number.NaN)).toThrow(RangeError);
  });
});
