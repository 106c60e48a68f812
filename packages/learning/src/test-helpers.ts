import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DecisionRecord, type DecisionSource, type Intent, type NpcRole } from '@npc/contracts';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';

/** Test fixtures: NPCs, decisions and feedback written through the repositories (`@npc/learning/testing`, not the index). */

let n = 0;

/** For one describe block: a test database with its repositories, and a scratch folder for model files; both removed after. */
export function useModelStore(dirPrefix: string): { readonly test: TestDatabase; readonly repos: Repositories; readonly dir: string } {
  const store = {} as { test: TestDatabase; repos: Repositories; dir: string };
  beforeAll(async () => {
    store.test = await createTestDatabase();
    store.repos = createRepositories(store.test.database.db);
    store.dir = await mkdtemp(path.join(tmpdir(), dirPrefix));
  });
  afterAll(async () => {
    await store.test?.drop();
    if (store.dir) await rm(store.dir, { recursive: true, force: true });
  });
  return store;
}

export async function putNpc(repos: Pick<Repositories, 'npcs'>, id: string, role: NpcRole): Promise<void> {
  await repos.npcs.upsert(id, {
    name: `${role} ${id}`,
    role,
    personality: { openness: 0.5, conscientiousness: 0.5, extraversion: 0.5, agreeableness: 0.5, neuroticism: 0.5 },
    background: '',
    services: {},
  });
}

export interface DecisionSpec {
  npcId: string;
  text?: string;
  intent: Intent;
  source?: DecisionSource;
  say?: string;
}

export function decisionRecord(spec: DecisionSpec): DecisionRecord {
  const i = n++;
  const receivedAt = 1_760_000_000_000 + i;
  return DecisionRecord.parse({
    decision: {
      decisionId: randomUUID(),
      action: { type: 'talk', args: {} },
      say: spec.say ?? `answer ${i}`,
      emotion: null,
      intent: { name: spec.intent, confidence: 0.9 },
      source: spec.source ?? 'rules',
      costUsd: 0,
      latencyMs: 2,
    },
    request: {
      npc: { id: spec.npcId },
      player: { id: `char_${i}` },
      event: spec.text === undefined ? { type: 'idle' } : { type: 'talk', text: spec.text },
      allowedActions: ['talk'],
    },
    npcId: spec.npcId,
    apiKeyId: 'key_test',
    answeredBy: 'test',
    receivedAt,
    decidedAt: receivedAt + 1,
  });
}

/** Stores decisions (one batch INSERT, like the decision-log writer); returns their ids in order. */
export async function storeDecisions(repos: Pick<Repositories, 'decisions'>, specs: readonly DecisionSpec[]): Promise<string[]> {
  const records = specs.map(decisionRecord);
  await repos.decisions.insertMany(records);
  return records.map((r) => r.decision.decisionId);
}

export async function rate(repos: Pick<Repositories, 'feedback'>, decisionId: string, rating: -1 | 0 | 1): Promise<void> {
  await repos.feedback.insert({ decisionId, apiKeyId: 'key_test', rating });
}
