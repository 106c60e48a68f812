// One behaviour spec of LlmClient (failover, repair, breaker, deadline, rate limits, budget,
// hedging, health), kept in one file over ~300 lines: every scenario runs against the same three
// fake providers, fresh per test, and reads against the same `client()` and `input()`.
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DecisionRequest, decisionBodyFor, Npc } from '@npc/contracts';
import { startFakeLlm, type FakeBehaviourKind, type FakeLlm } from '@npc/testing';
import { LlmClient, type LlmCallRecord, type LlmClientOptions } from './client';
import { KAFRA, provider, recordingGate, request, sleep } from './test-fixtures';

let a: FakeLlm;
let b: FakeLlm;
let c: FakeLlm;

// Fresh servers per test: a request still in flight from the previous test can neither show up
// in this one's calls nor consume its scripted behaviours.
beforeEach(async () => {
  [a, b, c] = await Promise.all([startFakeLlm(), startFakeLlm(), startFakeLlm()]);
});
afterEach(async () => {
  await Promise.all([a.close(), b.close(), c.close()]);
});

/**
 * When a timer set for `at` really fires: the event loop's own lag under load, which no code can
 * beat. decide() must return within a small margin of max(deadline, this).
 */
async function until(cond: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const timerFiredAt = (at: number) =>
  new Promise<number>((resolve) => setTimeout(() => resolve(Date.now()), Math.max(0, at - Date.now())));

const client = (opts: Partial<LlmClientOptions> = {}, timeoutMs = 1_000) =>
  new LlmClient({
    providers: [provider('primary', a.url, { timeoutMs }), provider('secondary', b.url, { timeoutMs })],
    retryBaseMs: 5,
    ...opts,
  });

const input = (deadlineMs = 2_000, allowed = request().allowedActions) => ({
  npc: KAFRA,
  request: request(allowed),
  deadlineAt: Date.now() + deadlineMs,
  decisionId: 'd-1',
});

describe('failover', () => {
  const transport: FakeBehaviourKind[] = ['500', '429', 'timeout', 'cut'];
  const content: FakeBehaviourKind[] = ['malformed', 'off_contract', 'leak', 'empty'];

  it.each([...transport, ...content])('primary %s → the secondary answers', async (fault) => {
    a.setBehaviour(fault);
    const calls: LlmCallRecord[] = [];
    const out = await client({}, fault === 'timeout' ? 300 : 2_000).decide(input(), { onCall: (r) => calls.push(r) });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.provider).toBe('secondary');
    expect(decisionBodyFor(request().allowedActions).safeParse(out.body).success).toBe(true);
    // Content faults get one repair request on the same provider; transport faults move on.
    const primaryCalls = content.includes(fault) ? 2 : 1;
    expect(a.calls()).toHaveLength(primaryCalls);
    expect(b.calls()).toHaveLength(1);
    expect(out.attempts).toBe(primaryCalls + 1);
    const expected = { '500': 'error', '429': 'rate_limited', timeout: 'timeout', cut: 'error' }[fault as string] ?? 'invalid';
    expect(calls.filter((r) => r.provider === 'primary').map((r) => r.outcome)).toEqual(Array(primaryCalls).fill(expected));
    expect(calls.at(-1)).toMatchObject({ provider: 'secondary', outcome: 'ok', decisionId: 'd-1' });
  });

  it('both providers failing → a failure the caller falls back from', async () => {
    a.setBehaviour('500');
    b.setBehaviour('500');
    const out = await client({ retries: 1 }).decide(input());
    expect(out).toMatchObject({ ok: false, reason: 'all_failed' });
    // One extra jittered round over the transient failures.
    expect(a.calls()).toHaveLength(2);
    expect(b.calls()).toHaveLength(2);
  });

  it('only invalid answers → reason invalid', async () => {
    a.setBehaviour('off_contract');
    b.setBehaviour('leak');
    const out = await client().decide(input());
    expect(out).toMatchObject({ ok: false, reason: 'invalid' });
    expect(out.ok ? 0 : out.calls.every((r) => r.outcome === 'invalid')).toBe(true);
  });

  it("takes the envelope's validated Npc and DecisionRequest as they are", async () => {
    const now = new Date().toISOString();
    const npc = Npc.parse({ id: 'kafra-1', name: 'Kafra Leilah', role: 'kafra', services: { storage: { fee: 40 } }, createdAt: now, updatedAt: now });
    const req = DecisionRequest.parse({ npc: { id: 'kafra-1' }, player: { id: 'p-1' }, event: { type: 'talk', text: 'storage please' }, allowedActions: ['open_storage', 'talk'] });
    const out = await client().decide({ npc, request: req, deadlineAt: Date.now() + req.deadlineMs + 2_000 });
    expect(out).toMatchObject({ ok: true, provider: 'primary' });
    // Structured output narrowed to the request, our max_tokens and temperature, the provider's model.
    expect(a.calls()[0]).toMatchObject({ model: 'primary-model', maxTokens: 200, temperature: 0.7, allowedActions: ['talk', 'open_storage'] });
  });

  it('no providers → no_providers', async () => {
    const out = await new LlmClient({ providers: [] }).decide(input());
    expect(out).toMatchObject({ ok: false, reason: 'no_providers', calls: [] });
  });
});

describe('repair', () => {
  it('an off-contract answer then a valid one → ok after 2 attempts (repaired)', async () => {
    a.enqueue('off_contract', 'ok');
    const calls: LlmCallRecord[] = [];
    const out = await client().decide(input(), { onCall: (r) => calls.push(r) });
    expect(out).toMatchObject({ ok: true, provider: 'primary', attempts: 2 });
    expect(calls.map((r) => r.outcome)).toEqual(['invalid', 'repaired']);
    expect(b.calls()).toHaveLength(0);
    // The repair request carries the validation error back to the model.
    const repair = a.calls()[1]?.messages ?? [];
    expect(repair.at(-1)?.content).toMatch(/rejected: .+/);
    expect(repair.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('a leaked answer is not echoed back in the repair request', async () => {
    a.enqueue('leak', 'ok');
    const out = await client().decide(input());
    expect(out).toMatchObject({ ok: true, attempts: 2 });
    expect(a.calls()[1]?.messages[2]?.content).toBe('(answer withheld)');
  });

  it('an answer naming a warp the NPC does not offer is repaired, and fees come from services', async () => {
    const body = (destination: string, fee: number) => ({
      intent: { name: 'warp', confidence: 0.9 },
      action: { type: 'warp', args: { destination, map: null, x: null, y: null, fee } },
      say: 'Off you go!',
      emotion: null,
    });
    a.enqueue({ kind: 'ok', content: body('Morroc', 0) }, { kind: 'ok', content: body('geffen', 0) });
    const out = await client().decide(input());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.attempts).toBe(2);
    expect(out.body.action).toEqual({ type: 'warp', args: { destination: 'Geffen', map: 'geffen', x: 120, y: 39, fee: 1200 } });
    expect(a.calls()[1]?.messages.at(-1)?.content).toContain('"Morroc" is not offered');
  });
});

describe('breaker', () => {
  it('after N consecutive failures the dead primary gets no calls until the cooldown, then a probe brings it back', async () => {
    const llm = client({ breakerThreshold: 3, breakerCooldownMs: 1_000, retries: 0 });
    a.setBehaviour('500');
    for (let i = 0; i < 3; i++) expect(await llm.decide(input())).toMatchObject({ ok: true, provider: 'secondary' });
    expect(a.calls()).toHaveLength(3);
    expect(llm.health()[0]).toMatchObject({ name: 'primary', state: 'open', available: false });
    expect(llm.health()[1]).toMatchObject({ name: 'secondary', state: 'closed', available: true });

    const calls: LlmCallRecord[] = [];
    for (let i = 0; i < 10; i++) expect(await llm.decide(input(), { onCall: (r) => calls.push(r) })).toMatchObject({ ok: true, provider: 'secondary' });
    expect(a.calls()).toHaveLength(3);
    expect(calls.filter((r) => r.provider === 'primary').every((r) => r.outcome === 'breaker_open' && r.costUsd === 0)).toBe(true);

    await sleep(1_020);
    expect(llm.health()[0]).toMatchObject({ state: 'half_open', available: true });
    a.setBehaviour('ok');
    expect(await llm.decide(input())).toMatchObject({ ok: true, provider: 'primary' });
    expect(a.calls()).toHaveLength(4);
    expect(llm.health()[0]?.state).toBe('closed');
    for (let i = 0; i < 3; i++) expect(await llm.decide(input())).toMatchObject({ ok: true, provider: 'primary' });
    expect(b.calls()).toHaveLength(13);
  });

  it('a failed half-open probe opens the breaker again', async () => {
    const llm = client({ breakerThreshold: 2, breakerCooldownMs: 500, retries: 0 });
    a.setBehaviour('500');
    await llm.decide(input());
    await llm.decide(input());
    expect(llm.health()[0]?.state).toBe('open');
    await sleep(520);
    await llm.decide(input()); // the probe fails
    expect(a.calls()).toHaveLength(3);
    expect(llm.health()[0]?.state).toBe('open');
    await llm.decide(input());
    expect(a.calls()).toHaveLength(3);
  });

  it('invalid answers and rate limits do not trip the breaker', async () => {
    const llm = client({ breakerThreshold: 2, retries: 0 });
    a.setBehaviour('off_contract');
    for (let i = 0; i < 3; i++) await llm.decide(input());
    expect(llm.health()[0]?.state).toBe('closed');
  });
});

describe('deadline', () => {
  it('a slow provider is cut at the deadline and decide() returns by it', async () => {
    a.setLatency(1_000);
    const llm = client({}, 5_000);
    const t0 = Date.now();
    const i = input(150);
    const fired = timerFiredAt(i.deadlineAt);
    const out = await llm.decide(i);
    const doneAt = Date.now();
    expect(out).toMatchObject({ ok: false, reason: 'deadline' });
    expect(doneAt).toBeLessThanOrEqual(Math.max(i.deadlineAt, await fired) + 50);
    expect(doneAt - t0).toBeGreaterThanOrEqual(140);
    expect(b.calls()).toHaveLength(0);
  });

  it('no attempt starts when the observed latency cannot fit before the deadline', async () => {
    a.setLatency(150);
    const llm = client({}, 5_000);
    expect(await llm.decide(input(2_000))).toMatchObject({ ok: true, provider: 'primary' });
    expect(llm.health()[0]?.latencyMs).toBeGreaterThanOrEqual(140);
    const out = await llm.decide(input(100));
    expect(out).toMatchObject({ ok: true, provider: 'secondary' });
    expect(a.calls()).toHaveLength(1); // skipped, not started
  });

  it('a deadline already too close → no request at all', async () => {
    const llm = client({ minAttemptMs: 25 });
    const out = await llm.decide(input(10));
    expect(out).toMatchObject({ ok: false, reason: 'deadline', attempts: 0 });
    expect(a.calls()).toHaveLength(0);
    expect(b.calls()).toHaveLength(0);
  });

  it('per-attempt timeout = min(provider timeout, time left): the secondary still gets its turn', async () => {
    a.setBehaviour('timeout');
    const llm = client({}, 100);
    const t0 = Date.now();
    const out = await llm.decide(input(1_000));
    expect(out).toMatchObject({ ok: true, provider: 'secondary' });
    expect(out.ok && out.calls[0]).toMatchObject({ provider: 'primary', outcome: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(600); // the primary's 100 ms, not the 1 s deadline
  });

  it('every decision ends by its deadline under random slowness', async () => {
    a.setLatency({ min: 0, max: 120 });
    b.setLatency({ min: 0, max: 120 });
    const llm = client({}, 1_000);
    for (let k = 0; k < 20; k++) {
      const i = input(40 + (k % 5) * 20);
      const fired = timerFiredAt(i.deadlineAt);
      await llm.decide(i);
      expect(Date.now()).toBeLessThanOrEqual(Math.max(i.deadlineAt, await fired) + 50);
    }
  });
});

describe('rate limits', () => {
  it('429 whose Retry-After passes the deadline → next provider now, and the primary is held back', async () => {
    a.setBehaviour({ kind: '429', retryAfterS: 5 });
    const llm = client();
    expect(await llm.decide(input(500))).toMatchObject({ ok: true, provider: 'secondary' });
    expect(llm.health()[0]).toMatchObject({ available: false, state: 'closed' });
    expect(llm.health()[0]?.rateLimitedUntil).toBeGreaterThan(Date.now() + 4_000);
    expect(await llm.decide(input(500))).toMatchObject({ ok: true, provider: 'secondary' });
    expect(a.calls()).toHaveLength(1);
  });

  it('single provider: a short Retry-After is waited out, a long one is not', async () => {
    const one = () => new LlmClient({ providers: [provider('only', c.url, { timeoutMs: 300 })], retryBaseMs: 1 });
    c.enqueue({ kind: '429', retryAfterMs: 60 });
    let t0 = Date.now();
    expect(await one().decide(input(1_000))).toMatchObject({ ok: true, attempts: 2 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);

    c.enqueue({ kind: '429', retryAfterS: 3 });
    t0 = Date.now();
    expect(await one().decide(input(1_000))).toMatchObject({ ok: false });
    expect(Date.now() - t0).toBeLessThan(500); // not the 3 s Retry-After
  });
});

describe('budget', () => {
  it('a gate that refuses → reason budget and zero provider calls', async () => {
    const calls: LlmCallRecord[] = [];
    const refuse = { reserve: async () => null, settle: async () => undefined, release: async () => undefined };
    const out = await client().decide(input(), { budget: refuse, onCall: (r) => calls.push(r) });
    expect(out).toMatchObject({ ok: false, reason: 'budget', attempts: 0 });
    expect(a.calls()).toHaveLength(0);
    expect(b.calls()).toHaveLength(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ outcome: 'budget_refused', costUsd: 0 });
    expect(calls[0]?.reservedUsd).toBeGreaterThan(0);
  });

  it('every request is reserved pessimistically and settled with the cost from usage', async () => {
    const gate = recordingGate();
    const calls: LlmCallRecord[] = [];
    a.enqueue('500');
    b.enqueue('off_contract', 'ok');
    const out = await client({ maxTokens: 150 }).decide(input(), { budget: gate, onCall: (r) => calls.push(r) });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(gate.log.reserved).toHaveLength(3);
    expect(gate.log.released).toEqual(['r1']); // the 500: nothing billed
    expect(gate.log.settled.map((s) => s.id)).toEqual(['r2', 'r3']);
    for (const r of calls.filter((r) => r.outcome !== 'error')) {
      expect(r.costUsd).toBeCloseTo((r.inputTokens * 0.15 + r.outputTokens * 0.6) / 1e6, 12);
      expect(r.reservedUsd).toBeGreaterThan(r.costUsd);
    }
    const settled = gate.log.settled.reduce((s, x) => s + x.usd, 0);
    expect(out.costUsd).toBeCloseTo(settled, 12);
    expect(out.usage.inputTokens).toBe(calls.reduce((s, r) => s + r.inputTokens, 0));
    // Reservation covers max_tokens of output at the provider's price.
    expect(gate.log.reserved[0]!.usd).toBeGreaterThanOrEqual((150 * 0.6) / 1e6);
  });

  it('uses the injected token estimate for the reservation', async () => {
    const gate = recordingGate();
    await client({ estimateTokens: () => 1_000_000, maxTokens: 100 }).decide(input(), { budget: gate });
    // 1.2 × 1M input tokens × 0.15 USD/M + 100 output tokens × 0.6 USD/M (+ the schema's tokens)
    expect(gate.log.reserved[0]!.usd).toBeGreaterThan(0.18 + 0.00006);
    expect(gate.log.reserved[0]!.usd).toBeLessThan(0.181);
  });

  it('a request that timed out was sent: settled at its reservation; a refused connection sent nothing: released', async () => {
    a.setLatency(500);
    const gate = recordingGate();
    const calls: LlmCallRecord[] = [];
    const slow = new LlmClient({ providers: [provider('primary', a.url, { timeoutMs: 100 })], retries: 0 });
    const out = await slow.decide(input(2_000), { budget: gate, onCall: (r) => calls.push(r) });
    expect(out).toMatchObject({ ok: false });
    expect(gate.log.released).toEqual([]);
    expect(gate.log.settled).toEqual([{ id: 'r1', usd: gate.log.reserved[0]!.usd }]);
    expect(calls[0]).toMatchObject({ outcome: 'timeout', chargedAtReservation: true, costUsd: gate.log.reserved[0]!.usd, reservationId: 'r1' });
    expect(out.costUsd).toBe(gate.log.reserved[0]!.usd);

    const refusedGate = recordingGate();
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const closed = new LlmClient({ providers: [provider('nowhere', `http://127.0.0.1:${port}/v1`)], retries: 0 });
    const none = await closed.decide(input(2_000), { budget: refusedGate });
    expect(none).toMatchObject({ ok: false, costUsd: 0 });
    expect(refusedGate.log.released).toEqual(['r1']);
    expect(refusedGate.log.settled).toEqual([]);
  });

  it('a budget that runs dry mid-decision stops further requests', async () => {
    a.setBehaviour('500');
    let n = 0;
    const onlyOne = { reserve: async () => (n++ === 0 ? { id: 'x' } : null), settle: async () => undefined, release: async () => undefined };
    const out = await client().decide(input(), { budget: onlyOne });
    expect(out).toMatchObject({ ok: false, reason: 'budget', attempts: 1 });
    expect(a.calls()).toHaveLength(1);
    expect(b.calls()).toHaveLength(0);
  });
});

describe('hedging', () => {
  it('a slow primary is hedged by the secondary; the loser is aborted and, sent, settled at its reservation (providers bill it)', async () => {
    a.setLatency(400);
    const gate = recordingGate();
    const calls: LlmCallRecord[] = [];
    const t0 = Date.now();
    const out = await client({ hedgeAfterMs: 40 }, 2_000).decide(input(), { budget: gate, onCall: (r) => calls.push(r) });
    expect(out).toMatchObject({ ok: true, provider: 'secondary' });
    expect(Date.now() - t0).toBeLessThan(350); // not the primary's 400 ms
    expect(gate.log.reserved).toHaveLength(2);
    await until(() => gate.log.settled.length === 2);
    expect(gate.log.released).toHaveLength(0);
    expect(calls.find((r) => r.provider === 'secondary')).toMatchObject({ outcome: 'ok', hedged: true });
    const loser = calls.find((r) => r.provider === 'primary');
    expect(loser).toMatchObject({ outcome: 'aborted', chargedAtReservation: true });
    expect(loser?.error).toMatch(/aborted/);
    // Settled at exactly what was reserved for it.
    expect(gate.log.settled.find((x) => x.id === 'r1')?.usd).toBe(gate.log.reserved[0]!.usd);
    expect(loser?.costUsd).toBe(gate.log.reserved[0]!.usd);
    await until(() => a.calls()[0]?.clientClosed === true);
  });

  it('a fast primary is not hedged', async () => {
    const out = await client({ hedgeAfterMs: 300 }).decide(input());
    expect(out).toMatchObject({ ok: true, provider: 'primary', attempts: 1 });
    await sleep(50);
    expect(b.calls()).toHaveLength(0);
  });
});

describe('health', () => {
  it('lists providers in priority order', () => {
    const llm = client();
    expect(llm.health().map((h) => [h.name, h.state, h.available])).toEqual([
      ['primary', 'closed', true],
      ['secondary', 'closed', true],
    ]);
    expect(llm.available()).toBe(true);
  });
});
