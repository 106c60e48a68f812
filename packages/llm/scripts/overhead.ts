/**
 * The client's own overhead per decide(): the fake provider answers at 0 ms latency, and the same
 * request is also sent straight through the SDK and through bare fetch. Run: npx tsx scripts/overhead.ts
 */
import OpenAI from 'openai';
import { startFakeLlm } from '@npc/testing';
import { LlmClient, buildPrompt, decisionResponseFormat, validateOutput } from '../src/index';
import { KAFRA, provider, recordingGate, request } from '../src/test-fixtures';

const N = Number(process.argv[2] ?? 2000);
const fake = await startFakeLlm({ latencyMs: 0 });
const client = new LlmClient({ providers: [provider('p', fake.url)] });
const sdk = new OpenAI({ baseURL: fake.url, apiKey: 'none', maxRetries: 0 });
const req = request(['talk', 'warp', 'open_storage'], 'warp me to geffen please');
const built = client.prompt({ npc: KAFRA, request: req });
const format = decisionResponseFormat(req.allowedActions);
const body = JSON.stringify({ model: 'p-model', messages: built.messages, response_format: format, max_tokens: 200, temperature: 0.7 });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? NaN;
async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} median ${median(xs).toFixed(3)} ms  p90 ${p(xs, 0.9).toFixed(3)} ms`);
  return median(xs);
}
const syncTime = (label: string, fn: () => unknown) => {
  for (let i = 0; i < 500; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} median ${median(xs).toFixed(3)} ms`);
  return median(xs);
};

const gate = recordingGate();
const fetchMs = await time('bare fetch (POST + JSON)', async () => {
  const r = await fetch(`${fake.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await r.json();
});
const sdkMs = await time('openai SDK create()', () =>
  sdk.chat.completions.create({ model: 'p-model', messages: built.messages, response_format: format, max_tokens: 200, temperature: 0.7 }));
const decideMs = await time('LlmClient.decide()', () => client.decide({ npc: KAFRA, request: req, deadlineAt: Date.now() + 5_000 }));
const decideBudgetMs = await time('LlmClient.decide() + budget gate', () => client.decide({ npc: KAFRA, request: req, deadlineAt: Date.now() + 5_000 }, { budget: gate }));
const content = fake.calls().at(-1)?.content ?? '';
syncTime('  buildPrompt()', () => buildPrompt({ npc: KAFRA, request: req, canary: 'abc' }));
syncTime('  validateOutput()', () => validateOutput(content, { allowedActions: req.allowedActions, leakGuard: built.leakGuard, services: KAFRA.services! }));
console.log(`client overhead over the bare SDK:   ${(decideMs - sdkMs).toFixed(3)} ms (median), with budget gate ${(decideBudgetMs - sdkMs).toFixed(3)} ms`);
console.log(`SDK overhead over bare fetch:        ${(sdkMs - fetchMs).toFixed(3)} ms (median)`);
await fake.close();
