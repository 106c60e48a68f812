import type { Kysely } from 'kysely';
import { ApiKeyRepository } from './apikeys';
import { DecisionRepository } from './decisions';
import { FeedbackRepository } from './feedback';
import { LedgerRepository } from './ledger';
import { MemoryRepository } from './memories';
import { NpcRepository } from './npcs';
import { WorldEventRepository } from './world-events';
import { LearningRepository } from './learning';
import { ModelRegistry } from './models';
import { PlayerRatingRepository } from './player-ratings';
import { DeadLetterRepository } from './dead-letters';
import type { Database } from './schema';

export * from './schema';
export * from './db';
export * from './migrate';
export * from './npcs';
export * from './apikeys';
export * from './decisions';
export * from './feedback';
export * from './ledger';
export * from './memories';
export * from './world-events';
export * from './learning';
export * from './models';
export * from './player-ratings';
export * from './dead-letters';
export * from './ids';
export * from './test-db';

export interface Repositories {
  npcs: NpcRepository;
  apiKeys: ApiKeyRepository;
  decisions: DecisionRepository;
  feedback: FeedbackRepository;
  ledger: LedgerRepository;
  memories: MemoryRepository;
  worldEvents: WorldEventRepository;
  playerRatings: PlayerRatingRepository;
  learning: LearningRepository;
  models: ModelRegistry;
  deadLetters: DeadLetterRepository;
}

/** Every repository over one (schema-qualified) kysely instance, e.g. `createDatabase(…).db`. */
export function createRepositories(db: Kysely<Database>): Repositories {
  return {
    npcs: new NpcRepository(db),
    apiKeys: new ApiKeyRepository(db),
    decisions: new DecisionRepository(db),
    feedback: new FeedbackRepository(db),
    ledger: new LedgerRepository(db),
    memories: new MemoryRepository(db),
    worldEvents: new WorldEventRepository(db),
    playerRatings: new PlayerRatingRepository(db),
    learning: new LearningRepository(db),
    models: new ModelRegistry(db),
    deadLetters: new DeadLetterRepository(db),
  };
}
