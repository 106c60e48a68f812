import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FeedbackInput } from '@npc/contracts';
import { isUuid } from './ids';
import type { Database } from './schema';

export interface NewFeedback {
  decisionId: string;
  apiKeyId: string;
  rating: FeedbackInput['rating'];
  outcome?: string | null;
}

export interface StoredFeedback {
  id: string;
  decisionId: string;
  apiKeyId: string;
  rating: FeedbackInput['rating'];
  outcome: string | null;
  createdAt: string;
}

/** Feedback rows. No foreign key to decisions (they are written later, in batches): the API checks the decision exists. */
export class FeedbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(input: NewFeedback): Promise<{ id: string }> {
    const id = randomUUID();
    await this.db
      .insertInto('feedback')
      .values({
        id,
        decision_id: input.decisionId,
        api_key_id: input.apiKeyId,
        rating: input.rating,
        outcome: input.outcome ?? null,
      })
      .execute();
    return { id };
  }

  /** Feedback on one decision, oldest first. */
  async listForDecision(decisionId: string): Promise<StoredFeedback[]> {
    if (!isUuid(decisionId)) return [];
    const rows = await this.db
      .selectFrom('feedback')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      decisionId: row.decision_id,
      apiKeyId: row.api_key_id,
      rating: row.rating,
      outcome: row.outcome,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
