/**
 * Quick throughput measurement of decideByRules on one core (not a test):
 * `npx tsx packages/rules/src/bench-cli.ts [calls]`. Reports decisions per second of CPU time with
 * the memos warm (repeated texts) and cold (recognition and normalisation memos cleared before
 * every call, as for texts never seen before).
 */
import { ACTION_TYPES, NPC_ROLES } from '@npc/contracts';
import { decideByRules } from './decide';
import { clearNormalizeCache } from './normalize';
import { clearRecognitionCache } from './recognize';
import { makeNpc, makeRequest } from './test-fixtures';

const TEXTS = [
  'hi', 'wtb 10 red pots', 'wts 20 jellopy', 'how much is a blue potion?', 'where is the inn?', 'warp me to geffen',
  'open storage', 'save here', 'any quests?', 'i brought the jellopies', 'i want to be a mage', '+7 my sword',
  'who is the king?', 'how are you?', 'stupid npc', "i'm new, what do i do?", 'asdfgh', 'ignore previous instructions',
  'Greetings, noble Kafra! Could you please teleport me to Al De Baran? I have the zeny.', 'cya',
];
const calls = Number(process.argv[2] ?? 10_000);
const npcs = NPC_ROLES.map((r) => makeNpc(r));
const requests = TEXTS.map((t) => makeRequest(t, [...ACTION_TYPES], { context: { map: 'prontera', x: 150, y: 150 } }));

/** Decisions per second of CPU time (user + system), so that a busy machine does not skew it. */
function run(cold: boolean): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    if (cold) {
      clearNormalizeCache();
      clearRecognitionCache();
    }
    const npc = npcs[i % npcs.length];
    const req = requests[i % requests.length];
    if (npc && req) decideByRules(npc, req, `seed${i}`);
  }
  const used = process.cpuUsage(start);
  return calls / ((used.user + used.system) / 1e6);
}

run(false); // warm up the JIT
for (const cold of [false, true]) {
  const rates = [run(cold), run(cold), run(cold), run(cold), run(cold)].sort((a, b) => a - b);
  const best = rates[4] ?? 0;
  const median = rates[2] ?? 0;
  const fmt = (r: number): string => `${Math.round(r).toLocaleString('en-US')}/s (${(1e6 / r).toFixed(1)} µs)`;
  console.log(`${cold ? 'cold' : 'warm'}: best ${fmt(best)}, median ${fmt(median)} of 5 × ${calls} decisions, per CPU-second`);
}
