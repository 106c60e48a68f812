import { randomUUID } from 'node:crypto';
import { DecisionRecord, type Action } from '@npc/contracts';

const ACTIONS: Action[] = [
  { type: 'talk', args: {} },
  { type: 'warp', args: { destination: 'Izlude', map: 'izlude', x: 128, y: 114, fee: 600 } },
  { type: 'buy', args: { item: 'Red Potion', amount: 3, price: 50 } },
  { type: 'give_directions', args: { destination: 'Tool Shop', map: 'prontera', x: 134, y: 221 } },
];

/** A valid, varied DecisionRecord (for this package's tests and benchmarks; not exported). */
export function makeDecisionRecord(i: number, overrides: { npcId?: string; apiKeyId?: string } = {}): DecisionRecord {
  const action = ACTIONS[i % ACTIONS.length]!;
  const receivedAt = 1_760_000_000_000 + i * 7;
  return DecisionRecord.parse({
    decision: {
      decisionId: randomUUID(),
      action,
      say: i % 5 === 0 ? '' : `Welcome, adventurer #${i}! «ünïcödé» "quotes" \\ back\nslash`,
      emotion: i % 3 === 0 ? null : 'e_thx',
      intent: { name: i % 2 ? 'greet' : 'warp', confidence: (i % 1000) / 1000 + 0.000123 > 1 ? 1 : (i % 1000) / 1000 + 0.000123 },
      source: i % 4 === 0 ? 'llm' : 'rules',
      costUsd: i % 4 === 0 ? 0.000123 * (i % 7) + 1e-7 : 0,
      latencyMs: 3.217 + (i % 50) / 3,
    },
    request: {
      ...(i % 2 === 0 && { requestId: `req-${i}` }),
      npc: { id: overrides.npcId ?? `npc_${i % 10}` },
      player: { id: `char_${i}`, name: 'Poring Slayer', level: 1 + (i % 99), job: 'Swordman', zeny: 123_456 },
      event: { type: 'talk', text: 'Can you warp me to Izlude?' },
      context: { map: 'prontera', x: 150, y: 180, night: i % 2 === 0, weather: null, ratio: 0.1 + 0.2 },
      allowedActions: ['talk', 'warp', 'buy', 'give_directions'],
    },
    npcId: overrides.npcId ?? `npc_${i % 10}`,
    apiKeyId: overrides.apiKeyId ?? 'key_test',
    answeredBy: `worker-rules:host:${1000 + (i % 3)}`,
    receivedAt,
    decidedAt: receivedAt + 4 + (i % 30),
  });
}
