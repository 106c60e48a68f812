import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelNotFoundError, ModelRegistry, sha256Hex } from './models';
import { createTestDatabase, type TestDatabase } from './test-db';

const candidate = (n: number, accuracy = 0.9) => ({
  bytes: new Uint8Array([1, 2, 3, n]),
  path: `var/models/intent-v${n}.onnx`,
  featureVersion: 'f1',
  examples: 100 + n,
  heldOut: 20,
  accuracy,
  metrics: { n },
});

describe('ModelRegistry', () => {
  let test: TestDatabase;
  let models: ModelRegistry;
  beforeAll(async () => {
    test = await createTestDatabase();
    models = new ModelRegistry(test.database.db);
  });
  afterAll(() => test.drop());

  it('numbers candidates 1, 2, … and stores bytes, checksum and metrics', async () => {
    expect(await models.nextVersion()).toBe(1);
    expect(await models.promoted()).toBeUndefined();
    const v1 = await models.insertCandidate(candidate(1, 0.8));
    expect(v1).toMatchObject({ version: 1, status: 'candidate', size: 4, featureVersion: 'f1', examples: 101, heldOut: 20, baselineAccuracy: null, metrics: { n: 1 } });
    expect(v1.accuracy).toBeCloseTo(0.8, 5);
    expect(v1.sha256).toBe(sha256Hex(new Uint8Array([1, 2, 3, 1])));
    const stored = await models.get(1);
    expect(Array.from(stored!.bytes)).toEqual([1, 2, 3, 1]);
    const v2 = await models.insertCandidate({ ...candidate(2), baselineAccuracy: 0.8 });
    expect(v2.version).toBe(2);
    expect(v2.baselineAccuracy).toBeCloseTo(0.8, 5);
    await expect(models.insertCandidate({ ...candidate(9), version: 2 })).rejects.toThrow(/intent_models_pkey/);
  });

  it('promotes one model at a time: the previous one is retired', async () => {
    const first = await models.promote(1);
    expect(first.retired).toBeNull();
    expect(first.promoted).toMatchObject({ version: 1, status: 'promoted' });
    expect(first.promoted.promotedAt).toBeInstanceOf(Date);
    expect((await models.promoted())?.version).toBe(1);

    const second = await models.promote(2);
    expect(second.retired).toBe(1);
    expect((await models.promoted())?.version).toBe(2);
    expect(await models.promotedVersion()).toEqual({ version: 2, sha256: (await models.get(2))!.sha256 });
    expect((await models.get(1))?.status).toBe('retired');
    // Promoting the promoted one changes nothing.
    expect((await models.promote(2)).retired).toBeNull();

    const statuses = (await models.list()).map((m) => [m.version, m.status]);
    expect(statuses).toEqual([
      [2, 'promoted'],
      [1, 'retired'],
    ]);
    await expect(models.promote(42)).rejects.toBeInstanceOf(ModelNotFoundError);
  });

  it('rejects candidates only, keeping the reason', async () => {
    const v3 = await models.insertCandidate(candidate(3));
    expect(await models.reject(v3.version, 'not better than v2 (0.9 ≤ 0.9)')).toBe(true);
    const got = await models.get(v3.version);
    expect(got?.status).toBe('rejected');
    expect(got?.metrics).toEqual({ n: 3, rejectedBecause: 'not better than v2 (0.9 ≤ 0.9)' });
    expect(await models.reject(2)).toBe(false); // promoted: untouched
    expect((await models.promoted())?.version).toBe(2);
  });

  it('the database refuses a second promoted row', async () => {
    await expect(
      test.database.db.updateTable('intent_models').set({ status: 'promoted' }).where('version', '=', 1).execute(),
    ).rejects.toThrow(/intent_models_one_promoted_idx/);
  });
});
