import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, createTestDatabase, type Repositories, type TestDatabase } from '@npc/persistence';
import { ingestBatch, ingestOnce } from './ingest';
import { signature } from './signature';
import { putNpc, rate, storeDecisions } from './test-helpers';

describe('ingest', () => {
  let test: TestDatabase;
  let repos: Repositories;
  const ingest = (batch = 5_000) => ingestOnce({ learning: repos.learning }, { settleMs: 0, batch });

  beforeAll(async () => {
    test = await createTestDatabase();
    repos = createRepositories(test.database.db);
    await putNpc(repos, 'kafra_1', 'kafra');
    await putNpc(repos, 'merchant_1', 'merchant');
  });
  afterAll(() => test.drop());

  it('groups utterances by role, intent and signature; counts exactly once across runs', async () => {
    const [warpA, warpB, , , llm] = await storeDecisions(repos, [
      { npcId: 'kafra_1', text: 'Warp me to Izlude please', intent: 'warp', say: 'Off you go to Izlude!' },
      { npcId: 'kafra_1', text: 'warp me to geffen please', intent: 'warp', source: 'model', say: 'Geffen it is.' },
      { npcId: 'kafra_1', intent: 'greet' }, // no text: skipped
      { npcId: 'merchant_1', text: 'wtb 10 red pots', intent: 'buy' },
      { npcId: 'ghost_npc', text: 'tell me a story', intent: 'lore', source: 'llm' }, // NPC not registered
    ]);
    await rate(repos, warpA!, 1);
    await rate(repos, warpB!, -1);

    const first = await ingest();
    expect(first).toMatchObject({ decisions: 5, used: 4, skipped: 1, feedback: 2, ratings: 2, patterns: 3 });
    const warp = await repos.learning.pattern({ role: 'kafra', intent: 'warp', signature: 'warp me to <town> please' });
    expect(warp).toMatchObject({
      uses: 2,
      rated: 2,
      positive: 1,
      negative: 1,
      successRate: 0.5,
      responses: ['Off you go to Izlude!'],
      sources: { rules: 1, model: 1 },
    });
    // One INSERT stores rows with one stored_at: within it, ingestion reads in id order.
    expect([...(warp?.examples ?? [])].sort()).toEqual(['Warp me to Izlude please', 'warp me to geffen please']);
    expect(await repos.learning.pattern({ role: 'merchant', intent: 'buy', signature: signature('wtb 10 red pots') })).toMatchObject({
      uses: 1,
      rated: 0,
      successRate: null,
    });
    expect(await repos.learning.pattern({ role: 'unknown', intent: 'lore', signature: 'tell me a story' })).toMatchObject({
      uses: 1,
      sources: { llm: 1 },
    });

    // Nothing new: nothing changes.
    const second = await ingest();
    expect(second).toMatchObject({ decisions: 0, feedback: 0, ratings: 0, patterns: 0 });
    expect(await repos.learning.pattern({ role: 'kafra', intent: 'warp', signature: 'warp me to <town> please' })).toEqual(warp);
    expect(await repos.learning.countPatterns()).toBe(3);

    // Feedback arriving later (on an already ingested decision) updates the success rate.
    await rate(repos, warpB!, 1);
    await rate(repos, llm!, 1);
    expect(await ingest()).toMatchObject({ decisions: 0, feedback: 2, ratings: 2 });
    expect(await repos.learning.pattern({ role: 'kafra', intent: 'warp', signature: 'warp me to <town> please' })).toMatchObject({
      uses: 2,
      rated: 3,
      positive: 2,
      negative: 1,
      responses: ['Off you go to Izlude!', 'Geffen it is.'], // the later +1 added its answer
    });
    expect(await ingest()).toMatchObject({ decisions: 0, feedback: 0, ratings: 0 });
    expect((await repos.learning.pattern({ role: 'kafra', intent: 'warp', signature: 'warp me to <town> please' }))?.rated).toBe(3);
  });

  it('counts feedback stored before its decision once the decision arrives', async () => {
    const { randomUUID } = await import('node:crypto');
    // The feedback row exists before the decision row (the decision log writes in batches).
    const records = (await import('./test-helpers')).decisionRecord({ npcId: 'merchant_1', text: 'how much is a knife', intent: 'price_check' });
    await rate(repos, records.decision.decisionId, 1);
    expect(await ingest()).toMatchObject({ decisions: 0, feedback: 1, ratings: 0 });
    await repos.decisions.insertMany([records]);
    expect(await ingest()).toMatchObject({ decisions: 1, feedback: 0, ratings: 1 });
    const p = await repos.learning.pattern({ role: 'merchant', intent: 'price_check', signature: signature('how much is a knife') });
    expect(p).toMatchObject({ uses: 1, rated: 1, positive: 1 });
    expect(await ingest()).toMatchObject({ decisions: 0, feedback: 0, ratings: 0 });
    // Feedback for a decision that never comes is read and ignored.
    await rate(repos, randomUUID(), -1);
    expect(await ingest()).toMatchObject({ feedback: 1, ratings: 0 });
  });

  it('reads in batches, each its own transaction, with exact cursors', async () => {
    const texts = Array.from({ length: 25 }, (_, i) => `buy ${i + 1} red potions`);
    const ids = await storeDecisions(repos, texts.map((text) => ({ npcId: 'merchant_1', text, intent: 'buy' as const })));
    for (const id of ids.slice(0, 7)) await rate(repos, id, 1);
    const one = await ingestBatch({ learning: repos.learning }, { settleMs: 0, batch: 10 });
    expect(one).toMatchObject({ decisions: 10, feedback: 7, more: true });
    const rest = await ingest(10);
    expect(rest).toMatchObject({ decisions: 15, batches: 2 });
    const p = await repos.learning.pattern({ role: 'merchant', intent: 'buy', signature: 'buy <n> <item>' });
    expect(p).toMatchObject({ uses: 25, rated: 7, positive: 7 });
    expect(p?.examples).toHaveLength(10); // bounded, the first ten distinct
    expect(new Set(p?.examples).size).toBe(10);
    const cursors = await repos.learning.cursors();
    expect(cursors.decisions?.id).toBe([...ids].sort().at(-1)); // same stored_at: the highest id is read last
    expect(cursors.decisions?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('counts the language each decision was made in (English when it carries none)', async () => {
    const ids = await storeDecisions(repos, [
      { npcId: 'merchant_1', text: 'quero comprar 3 poções', intent: 'buy' },
      { npcId: 'merchant_1', text: 'quero comprar 5 poções', intent: 'buy' },
      { npcId: 'merchant_1', text: 'kindly sell me some of your finest potions', intent: 'buy' },
    ]);
    // Language detection writes the language into the stored reply; ingestion reads it from there.
    for (const id of ids.slice(0, 2)) {
      const { reply } = await test.database.db.selectFrom('decisions').select('reply').where('id', '=', id).executeTakeFirstOrThrow();
      await test.database.db.updateTable('decisions').set({ reply: JSON.stringify({ ...reply, language: 'pt' }) }).where('id', '=', id).execute();
    }
    await ingest();
    const pt = await repos.learning.pattern({ role: 'merchant', intent: 'buy', signature: signature('quero comprar 3 poções') });
    expect(pt).toMatchObject({ uses: 2, languages: { pt: 2 }, language: 'pt' });
    const en = await repos.learning.pattern({ role: 'merchant', intent: 'buy', signature: signature('kindly sell me some of your finest potions') });
    expect(en).toMatchObject({ languages: { en: 1 }, language: 'en' });
  });

  it('waits for rows to settle', async () => {
    await storeDecisions(repos, [{ npcId: 'kafra_1', text: 'hello kafra', intent: 'greet' }]);
    expect(await ingestOnce({ learning: repos.learning }, { settleMs: 60_000 })).toMatchObject({ decisions: 0 });
    expect(await ingest()).toMatchObject({ decisions: 1 });
  });

  it('two ingests at once never double-count (the cursors are locked)', async () => {
    const ids = await storeDecisions(
      repos,
      Array.from({ length: 40 }, (_, i) => ({ npcId: 'kafra_1', text: `save my point ${i}`, intent: 'save_point' as const })),
    );
    for (const id of ids) await rate(repos, id, 1);
    const results = await Promise.all([ingest(7), ingest(7), ingest(7)]);
    expect(results.reduce((s, r) => s + r.decisions, 0)).toBe(40);
    const p = await repos.learning.pattern({ role: 'kafra', intent: 'save_point', signature: 'save my point <n>' });
    expect(p).toMatchObject({ uses: 40, rated: 40, positive: 40 });
  });
});
