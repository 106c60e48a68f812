import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { DecisionRepository, maxRowsPerInsert, recordToRow } from './decisions';
import { createTestDatabase, type TestDatabase } from './test-db';
import { makeDecisionRecord } from './test-records';

/** Counts the statements a repository sends. */
function statementCounter() {
  const counter = { count: 0, plugin: undefined as unknown as KyselyPlugin };
  counter.plugin = {
    transformQuery: (args) => {
      counter.count++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return counter;
}

describe('DecisionRepository', () => {
  let test: TestDatabase;
  let decisions: DecisionRepository;
  beforeAll(async () => {
    test = await createTestDatabase();
    decisions = new DecisionRepository(test.database.db);
  });
  beforeEach(async () => {
    await test.database.db.deleteFrom('decisions').execute();
  });
  afterAll(() => test.drop());

  it('inserts 1,000 records in one statement and ignores them the second time', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => makeDecisionRecord(i));
    const counter = statementCounter();
    const counted = new DecisionRepository(test.database.db.withPlugin(counter.plugin));
    expect(await counted.insertMany(records)).toBe(1000);
    expect(counter.count).toBe(1);
    expect(await decisions.count()).toBe(1000);

    const fresh = Array.from({ length: 10 }, (_, i) => makeDecisionRecord(5000 + i));
    expect(await decisions.insertMany([...records.slice(0, 500), ...fresh])).toBe(10);
    expect(await decisions.count()).toBe(1010);
  });

  it('ignores a record repeated within one batch', async () => {
    const record = makeDecisionRecord(1);
    const other = makeDecisionRecord(2);
    expect(await decisions.insertMany([record, other, record])).toBe(2);
    expect(await decisions.count()).toBe(2);
  });

  it('does nothing for an empty batch', async () => {
    expect(await decisions.insertMany([])).toBe(0);
  });

  it('splits batches past the bind-parameter limit into as few statements as possible', async () => {
    const perInsert = maxRowsPerInsert(Object.keys(recordToRow(makeDecisionRecord(0))).length);
    expect(perInsert).toBe(3855); // 17 columns
    const records = Array.from({ length: perInsert + 5 }, (_, i) => makeDecisionRecord(i));
    const counter = statementCounter();
    const counted = new DecisionRepository(test.database.db.withPlugin(counter.plugin));
    expect(await counted.insertMany(records)).toBe(records.length);
    expect(counter.count).toBe(2);
    expect(await decisions.count()).toBe(records.length);
    counter.count = 0;
    expect(await counted.insertMany(Array.from({ length: 50 }, (_, i) => makeDecisionRecord(i)), 7)).toBe(50);
    expect(counter.count).toBe(8);
  });

  it('returns a record exactly as inserted', async () => {
    const records = Array.from({ length: 8 }, (_, i) => makeDecisionRecord(i * 13));
    await decisions.insertMany(records);
    for (const record of records) {
      const got = await decisions.get(record.decision.decisionId);
      expect(got).toStrictEqual(record);
    }
    // The numbers that do not survive float4/numeric/int columns come back exact from the JSON.
    const fractional = records.find((r) => r.decision.costUsd > 0 && !Number.isInteger(r.decision.latencyMs))!;
    const got = await decisions.get(fractional.decision.decisionId);
    expect(got?.decision.costUsd).toBe(fractional.decision.costUsd);
    expect(got?.decision.latencyMs).toBe(fractional.decision.latencyMs);
    expect(got?.decision.intent.confidence).toBe(fractional.decision.intent.confidence);
  });

  it('fills the query columns', async () => {
    const record = makeDecisionRecord(4); // even: has a requestId; i % 4 == 0: llm with a cost
    await decisions.insertMany([record, makeDecisionRecord(1)]);
    const rows = await test.database.db.selectFrom('decisions').selectAll().orderBy('request_id').execute();
    const row = rows.find((r) => r.id === record.decision.decisionId)!;
    expect(row).toMatchObject({
      request_id: 'req-4',
      api_key_id: record.apiKeyId,
      npc_id: record.npcId,
      player_id: record.request.player.id,
      event_type: 'talk',
      intent: record.decision.intent.name,
      source: 'llm',
      action_type: record.decision.action.type,
      latency_ms: Math.round(record.decision.latencyMs),
      answered_by: record.answeredBy,
    });
    expect(Number(row.cost_usd)).toBeCloseTo(record.decision.costUsd, 6);
    expect(row.intent_confidence).toBeCloseTo(record.decision.intent.confidence, 5);
    expect(row.received_at.getTime()).toBe(record.receivedAt);
    expect(row.decided_at.getTime()).toBe(record.decidedAt);
    expect(row.stored_at).toBeInstanceOf(Date);
    expect(rows.find((r) => r.id !== record.decision.decisionId)?.request_id).toBeNull();
  });

  it('answers unknown and malformed ids', async () => {
    const [record] = [makeDecisionRecord(3)];
    await decisions.insertMany([record!]);
    expect(await decisions.exists(record!.decision.decisionId)).toBe(true);
    expect(await decisions.exists(randomUUID())).toBe(false);
    expect(await decisions.get(randomUUID())).toBeNull();
    expect(await decisions.get('not-a-uuid')).toBeNull();
    expect(await decisions.exists("'; drop table decisions; --")).toBe(false);
  });
});
