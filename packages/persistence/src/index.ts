import type { Kysely } from 'kysely';
import { ApiKeyRepository } from './apikeys';
import { DecisionRepository } from './decisions';
import { FeedbackRepository } from './feedback';
import { LedgerRepository } from './ledger';
import { NpcRepository } from './npcs';
import type { Database } from './schema';

export * from './schema';
export * from './db';
export * from './migrate';
export * from './npcs';
export * from './apikeys';
export * from './decisions';
export * from './feedback';
export * from './ledger';
export * from './ids';
export * from './test-db';

export interface Repositories {
  npcs: NpcRepository;
  apiKeys: ApiKeyRepository;
  decisions: DecisionRepository;
  feedback: FeedbackRepository;
  ledger: LedgerRepository;
}

/** Every repository over one (schema-qualified) kysely instance, e.g. `createDatabase(…).db`. */
export function createRepositories(db: Kysely<Database>): Repositories {
  return {
    npcs: new NpcRepository(db),
    apiKeys: new ApiKeyRepository(db),
    decisions: new DecisionRepository(db),
    feedback: new FeedbackRepository(db),
    ledger: new LedgerRepository(db),
  };
}
