import { describe, expect, it } from 'vitest';
import { startFakeLlm } from '@npc/testing';
import { AheadBudgetGate } from './budget-ahead';
import { LlmClient } from './client';
import { KAFRA, provider, recordingGate, request, sleep } from './test-fixtures';

const forA = { provider: 'a', decisionId: 'd-1' };

describe('a reservation asked for ahead (AheadBudgetGate)', () => {
  it('the first reserve for the same provider within the amount takes it: one reservation, settled at the real cost', async () => {
    const inner = recordingGate();
    const gate = new AheadBudgetGate(inner, { usd: 0.01, forCall: forA });
    const r = await gate.reserve(0.004, forA);
    expect(r).toEqual({ id: 'r1' });
    await gate.settle(r!, 0.003);
    gate.done();
    await sleep(5);
    expect(inner.log.reserved).toEqual([{ id: 'r1', usd: 0.01 }]);
    expect(inner.log.settled).toEqual([{ id: 'r1', usd: 0.003 }]);
    expect(inner.log.released).toEqual([]);
  });

  it('a larger amount or another provider: the early one is given back and the call reserves its own', async () => {
    for (const [usd, forCall] of [[0.02, forA], [0.004, { provider: 'b' }]] as const) {
      const inner = recordingGate();
      const gate = new AheadBudgetGate(inner, { usd: 0.01, forCall: forA });
      const r = await gate.reserve(usd, forCall);
      expect(r).toEqual({ id: 'r2' });
      await sleep(5);
      expect(inner.log.released).toEqual(['r1']);
      // The second call of the decision (a retry, the next provider) reserves as always.
      expect(await gate.reserve(0.001, forA)).toEqual({ id: 'r3' });
    }
  });

  it('refused ahead (the upper bound does not fit the budget): the real, smaller amount is still tried', async () => {
    const inner = recordingGate(0.005);
    const gate = new AheadBudgetGate(inner, { usd: 0.01, forCall: forA });
    expect(await gate.reserve(0.004, forA)).toEqual({ id: 'r1' });
    expect(inner.log.reserved).toEqual([{ id: 'r1', usd: 0.004 }]);
  });

  it('never used (a stored reply answered, the deadline passed): done() gives it back', async () => {
    const inner = recordingGate(0.01);
    const gate = new AheadBudgetGate(inner, { usd: 0.01, forCall: forA });
    gate.done();
    await sleep(5);
    expect(inner.log.released).toEqual(['r1']);
    // The whole budget is free again for the next decision.
    expect(await inner.reserve(0.01)).not.toBeNull();
  });

  it("LlmClient.reservationAhead covers the first request's own reservation, so a decision makes one reservation", async () => {
    const fake = await startFakeLlm({ seed: 3 });
    try {
      const client = new LlmClient({ providers: [provider('a', fake.url)] });
      const input = { npc: KAFRA, request: request(['talk', 'emote']), deadlineAt: Date.now() + 5_000, decisionId: 'd-1', memory: ['You have met Alice 3 times.', '(2 days ago) Alice bought 5 Red Potions.'] };
      const ahead = client.reservationAhead(input)!;
      expect(ahead.forCall).toEqual({ provider: 'a', decisionId: 'd-1' });
      const inner = recordingGate();
      const gate = new AheadBudgetGate(inner, ahead);
      const out = await client.decide(input, { budget: gate });
      gate.done();
      await sleep(5);
      expect(out.ok).toBe(true);
      expect(inner.log.reserved).toHaveLength(1);
      expect(inner.log.released).toEqual([]);
      // Settled at what the call cost, never more than was held.
      expect(inner.log.settled[0]!.usd).toBeLessThanOrEqual(ahead.usd);
      expect(inner.log.settled[0]!.usd).toBeCloseTo(out.costUsd, 9);
    } finally {
      await fake.close();
    }
  });
});
