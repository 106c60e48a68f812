import { build as buildHistogram } from 'hdr-histogram-js';
import { startFakeLlm } from '@npc/testing';
import { startBenchStack } from './stack';

/**
 * `pnpm bench llm`: the whole LLM route (HTTP → gateway → llm queue → LLM worker → provider →
 * reply) against a fake provider answering in a fixed 50 ms; prints what the product adds on top:
 * over the provider's nominal latency, and over a direct call to it measured in the same run (a
 * client's own HTTP round trip to the provider, which a proxy's figure leaves out).
 */
export async function benchLlm(o: { seconds: number; concurrency: number; basePort: number; providerMs: number }): Promise<void> {
  const fake = await startFakeLlm({ seed: 7, latencyMs: o.providerMs });
  const providers = [{ name: 'fake', baseURL: fake.url, model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 2000 }];
  const stack = await startBenchStack({
    gateways: 1, workers: 1, llmWorkers: 1, basePort: o.basePort,
    env: { LLM_PROVIDERS: JSON.stringify(providers), LLM_CACHE_TTL_S: '0', LLM_INTENT_CACHE_TTL_S: '0', LLM_DAILY_BUDGET_USD: '1000', LLM_MIN_DEADLINE_MS: '200', LLM_QUOTA_PER_KEY_PER_DAY: '0' },
  });
  const headers = { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' };
  try {
    await fetch(`${stack.urls[0]}/v1/npcs/bard`, { method: 'PUT', headers, body: JSON.stringify({ name: 'Bard', role: 'townsperson', background: 'Knows every legend.' }) });
    const ask = async (i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${stack.urls[0]}/v1/decisions`, {
        method: 'POST', headers,
        body: JSON.stringify({ npc: { id: 'bard' }, player: { id: `p${i}`, name: `P${i}` }, event: { type: 'talk', text: `tell me the legend number ${i}` }, allowedActions: ['talk', 'emote'], deadlineMs: 3000 }),
      });
      const body = (await res.json()) as { source?: string; latencyMs?: number };
      return { ms: performance.now() - t0, source: body.source ?? `HTTP ${res.status}`, server: body.latencyMs ?? 0 };
    };
    // Wait for the LLM worker's heartbeat to reach the router.
    for (let i = 0; i < 50 && (await ask(-1)).source !== 'llm'; i++) await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 50; i++) await ask(-2 - i); // warm-up
    const direct = await directProviderCalls(fake.url, o.concurrency, Math.min(3, o.seconds));
    const hist = buildHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
    const server = buildHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
    const sources: Record<string, number> = {};
    let n = 0;
    const cpu0 = stack.cpuSeconds();
    const until = performance.now() + o.seconds * 1000;
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (performance.now() < until) {
          const r = await ask(n++);
          sources[r.source] = (sources[r.source] ?? 0) + 1;
          if (r.source === 'llm') {
            hist.recordValue(Math.round(r.ms * 1000));
            server.recordValue(Math.max(1, Math.round(r.server * 1000)));
          }
        }
      }),
    );
    const cpu1 = stack.cpuSeconds();
    const q = (p: number) => hist.getValueAtPercentile(p) / 1000;
    console.log(`npc-brain bench llm: fake provider at a fixed ${o.providerMs} ms, ${o.concurrency} in flight, ${o.seconds} s, cache off`);
    console.log(`  decisions by source: ${JSON.stringify(sources)}`);
    console.log(`  end-to-end latency (llm answers): p50 ${q(50).toFixed(1)} ms   p90 ${q(90).toFixed(1)} ms   p99 ${q(99).toFixed(1)} ms`);
    console.log(`  gateway-measured decision latency (receipt → finalize): p50 ${(server.getValueAtPercentile(50) / 1000).toFixed(1)} ms   p99 ${(server.getValueAtPercentile(99) / 1000).toFixed(1)} ms`);
    console.log(`  added overhead over the provider's ${o.providerMs} ms: p50 ${(q(50) - o.providerMs).toFixed(1)} ms   p99 ${(q(99) - o.providerMs).toFixed(1)} ms   (goal ≤ 5 ms p50)`);
    const perDecision = (s: number) => ((1000 * s) / Math.max(1, n)).toFixed(2);
    console.log(`  CPU ms per decision: gateway ${perDecision(cpu1.gateways - cpu0.gateways)}, workers (rules + LLM) ${perDecision(cpu1.workers - cpu0.workers)}`);
    console.log(`  direct calls to the provider (same run, ${o.concurrency} in flight): p50 ${direct.p50.toFixed(1)} ms   p90 ${direct.p90.toFixed(1)} ms; the route adds p50 ${(q(50) - direct.p50).toFixed(1)} ms   p90 ${(q(90) - direct.p90).toFixed(1)} ms over them`);
  } finally {
    await stack.stop();
    await fake.close();
  }
}

/** Chat completions sent straight to the provider for `seconds`, `concurrency` at a time: its latency as a client sees it. */
async function directProviderCalls(baseUrl: string, concurrency: number, seconds: number): Promise<{ p50: number; p90: number }> {
  const body = JSON.stringify({
    model: 'gpt-4o-mini', max_tokens: 200, temperature: 0.7,
    messages: [{ role: 'system', content: 'You are Bard, a townsperson. Knows every legend. '.repeat(20) }, { role: 'user', content: 'tell me the legend number 1' }],
  });
  const hist = buildHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer none' }, body });
        await res.json();
        hist.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      }
    }),
  );
  return { p50: hist.getValueAtPercentile(50) / 1000, p90: hist.getValueAtPercentile(90) / 1000 };
}
