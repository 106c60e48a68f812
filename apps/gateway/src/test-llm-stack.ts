import { LlmWorkerEnv, createLogger, loadConfig } from '@npc/config';
import type { NpcInput } from '@npc/contracts';
import { KAFRA, startFakeLlm, type FakeLlm, type FakeLlmOptions } from '@npc/testing';
import { startLlmWorker, type RunningLlmWorker } from '@npc/worker-llm';
import { decisionBody, http, startStack, type Stack } from './test-harness';

export const BARD: NpcInput = { name: 'Bard Lorin', role: 'townsperson', background: 'A travelling bard who knows every legend of Rune-Midgard.' };

export interface LlmStack {
  s: Stack;
  primary: FakeLlm;
  secondary: FakeLlm;
  worker: RunningLlmWorker;
  close(): Promise<void>;
}

/**
 * A gateway + in-process rules worker + an in-process LLM worker over two fake providers
 * ('primary', 'secondary'; `providers` overrides their settings), with the bard and the Kafra registered.
 */
export async function startLlmStack(env: Record<string, string> = {}, opts: { providers?: Record<string, unknown>[]; fake?: FakeLlmOptions } = {}): Promise<LlmStack> {
  const primary = await startFakeLlm({ seed: 1, ...opts.fake });
  const secondary = await startFakeLlm({ seed: 2, ...opts.fake });
  const providers = [
    { name: 'primary', baseURL: primary.url, model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 1000, ...opts.providers?.[0] },
    { name: 'secondary', baseURL: secondary.url, model: 'backup-model', inputUsdPerMTok: 0.3, outputUsdPerMTok: 1.2, timeoutMs: 1000, ...opts.providers?.[1] },
  ];
  const s = await startStack({ env: { LLM_MIN_DEADLINE_MS: '200', ...env } });
  const config = loadConfig(LlmWorkerEnv, { ...process.env, QUEUE_PREFIX: s.prefix, DATABASE_SCHEMA: s.schema, LOG_LEVEL: 'silent', LLM_PROVIDERS: JSON.stringify(providers), LLM_BREAKER_THRESHOLD: '3', LLM_BREAKER_COOLDOWN_MS: '60000', ...env });
  const worker = startLlmWorker(config, createLogger('test', 'silent'));
  await worker.worker.waitUntilReady();
  for (let i = 0; i < 100 && !s.gateway.deps.llmStatus.available; i++) {
    await s.gateway.deps.llmStatus.refresh();
    if (!s.gateway.deps.llmStatus.available) await new Promise((r) => setTimeout(r, 100));
  }
  if (!s.gateway.deps.llmStatus.available) throw new Error('the LLM worker never reported itself available');
  await http(s.url, 'PUT', '/v1/npcs/bard', { key: s.keys.admin, body: BARD });
  await http(s.url, 'PUT', '/v1/npcs/kafra', { key: s.keys.admin, body: KAFRA });
  return {
    s, primary, secondary, worker,
    async close() {
      await worker.close();
      await s.close();
      await primary.close();
      await secondary.close();
    },
  };
}

/** An open-ended question to the bard (talk/emote allowed, 3 s deadline) with the game key unless `key`. */
export const ask = (st: LlmStack, text: string, over: Record<string, unknown> = {}, key = st.s.keys.game) =>
  http(st.s.url, 'POST', '/v1/decisions', { key, body: decisionBody('bard', { event: { type: 'talk', text }, allowedActions: ['talk', 'emote'], deadlineMs: 3000, ...over }) });

