import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackAccepted } from '@npc/contracts';
import { FeedbackRepository } from './feedback';
import { createTestDatabase, type TestDatabase } from './test-db';

describe('FeedbackRepository', () => {
  let test: TestDatabase;
  let feedback: FeedbackRepository;
  beforeAll(async () => {
    test = await createTestDatabase();
    feedback = new FeedbackRepository(test.database.db);
  });
  afterAll(() => test.drop());

  it('stores feedback before its decision row exists and lists it oldest first', async () => {
    const decisionId = randomUUID(); // never inserted: there is no foreign key
    const first = await feedback.insert({ decisionId, apiKeyId: 'key_a', rating: 1, outcome: 'player bought 3 potions' });
    const second = await feedback.insert({ decisionId, apiKeyId: 'key_a', rating: -1 });
    await feedback.insert({ decisionId: randomUUID(), apiKeyId: 'key_b', rating: 0 });
    expect(FeedbackAccepted.parse({ feedbackId: first.id, decisionId })).toBeTruthy();

    const listed = await feedback.listForDecision(decisionId);
    expect(listed).toEqual([
      { id: first.id, decisionId, apiKeyId: 'key_a', rating: 1, outcome: 'player bought 3 potions', createdAt: expect.any(String) },
      { id: second.id, decisionId, apiKeyId: 'key_a', rating: -1, outcome: null, createdAt: expect.any(String) },
    ]);
    expect(Date.parse(listed[0]!.createdAt)).not.toBeNaN();
  });

  it('lists nothing for an unknown or malformed decision id', async () => {
    expect(await feedback.listForDecision(randomUUID())).toEqual([]);
    expect(await feedback.listForDecision('nope')).toEqual([]);
  });

  it('refuses a rating outside -1..1 (check constraint)', async () => {
    await expect(feedback.insert({ decisionId: randomUUID(), apiKeyId: 'k', rating: 2 as unknown as 1 })).rejects.toThrow(/feedback_rating_check/);
  });
});
