import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IntentModelStatus } from '@npc/persistence';
import { pruneModels } from './prune';
import { useModelStore } from './test-helpers';

const DAY = 86_400_000;

describe('pruning the registry', () => {
  const store = useModelStore('npc-prune-');

  /** A model with `status`, its status changed `daysAgo` days ago, and a file. */
  async function model(status: IntentModelStatus, daysAgo: number): Promise<number> {
    const file = path.join(store.dir, `intent-v${(await store.repos.models.nextVersion())}.onnx`);
    await writeFile(file, 'x');
    const { version } = await store.repos.models.insertCandidate({ bytes: new Uint8Array([1, 2, 3]), path: file, featureVersion: '1', examples: 1, heldOut: 1, accuracy: 0.5 });
    await store.test.database.db.updateTable('intent_models').set({ status, status_at: new Date(Date.now() - daysAgo * DAY) }).where('version', '=', version).execute();
    return version;
  }

  it('deletes rejected and retired models past the retention period, with their files; never the promoted one or a candidate', async () => {
    const oldRejected = await model('rejected', 40);
    const oldRetired = await model('retired', 31);
    const oldPromoted = await model('promoted', 400);
    const recentRejected = await model('rejected', 29);
    const oldCandidate = await model('candidate', 90);

    expect(await pruneModels(store.repos.models, 0)).toEqual({ versions: [], fileErrors: [] }); // 0 keeps everything
    const pruned = await pruneModels(store.repos.models, 30);
    expect(pruned).toEqual({ versions: [oldRejected, oldRetired], fileErrors: [] });
    expect((await store.repos.models.list()).map((m) => m.version).sort()).toEqual([oldPromoted, recentRejected, oldCandidate].sort());
    expect((await readdir(store.dir)).sort()).toEqual([oldPromoted, recentRejected, oldCandidate].map((v) => `intent-v${v}.onnx`).sort());
    // A retired model's clock starts when it was retired, not when it was made.
    await store.repos.models.promote(recentRejected);
    expect((await store.repos.models.get(oldPromoted))).toMatchObject({ status: 'retired' });
    expect((await pruneModels(store.repos.models, 30)).versions).toEqual([]);
    expect((await pruneModels(store.repos.models, 30, undefined, Date.now() + 31 * DAY)).versions).toEqual([oldPromoted]);
  });
});
