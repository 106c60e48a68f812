import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, createTestDatabase, type IntentModelStatus, type Repositories, type TestDatabase } from '@npc/persistence';
import { pruneModels } from './prune';

const DAY = 86_400_000;

describe('pruning the registry', () => {
  let test: TestDatabase;
  let repos: Repositories;
  let dir: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    repos = createRepositories(test.database.db);
    dir = await mkdtemp(path.join(tmpdir(), 'npc-prune-'));
  });
  afterAll(async () => {
    await test.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A model with `status`, its status changed `daysAgo` days ago, and a file. */
  async function model(status: IntentModelStatus, daysAgo: number): Promise<number> {
    const file = path.join(dir, `intent-v${(await repos.models.nextVersion())}.onnx`);
    await writeFile(file, 'x');
    const { version } = await repos.models.insertCandidate({ bytes: new Uint8Array([1, 2, 3]), path: file, featureVersion: '1', examples: 1, heldOut: 1, accuracy: 0.5 });
    await test.database.db.updateTable('intent_models').set({ status, status_at: new Date(Date.now() - daysAgo * DAY) }).where('version', '=', version).execute();
    return version;
  }

  it('deletes rejected and retired models past the retention period, with their files; never the promoted one or a candidate', async () => {
    const oldRejected = await model('rejected', 40);
    const oldRetired = await model('retired', 31);
    const oldPromoted = await model('promoted', 400);
    const recentRejected = await model('rejected', 29);
    const oldCandidate = await model('candidate', 90);

    expect(await pruneModels(repos.models, 0)).toEqual({ versions: [], fileErrors: [] }); // 0 keeps everything
    const pruned = await pruneModels(repos.models, 30);
    expect(pruned).toEqual({ versions: [oldRejected, oldRetired], fileErrors: [] });
    expect((await repos.models.list()).map((m) => m.version).sort()).toEqual([oldPromoted, recentRejected, oldCandidate].sort());
    expect((await readdir(dir)).sort()).toEqual([oldPromoted, recentRejected, oldCandidate].map((v) => `intent-v${v}.onnx`).sort());
    // A retired model's clock starts when it was retired, not when it was made.
    await repos.models.promote(recentRejected);
    expect((await repos.models.get(oldPromoted))).toMatchObject({ status: 'retired' });
    expect((await pruneModels(repos.models, 30)).versions).toEqual([]);
    expect((await pruneModels(repos.models, 30, undefined, Date.now() + 31 * DAY)).versions).toEqual([oldPromoted]);
  });
});
