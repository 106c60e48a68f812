import { mkdirSync, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ActionType, Decision, EventType } from '@npc/contracts';
import { BaseEnv, loadConfig } from '@npc/config';
import { createDatabase, createRepositories } from '@npc/persistence';
import { api, ApiError, type ApiTarget } from '@npc/gateway-client';
import { migrate } from './commands/migrate';
import { putNpcs } from './commands/npc-put';
import { REPO_ROOT, Supervisor, standardSpecs } from './supervisor';
import { startFakeLlm, type FakeLlm } from '@npc/testing';
import { costs } from './commands/costs';
import { playAgentScene } from './scenes/agent-scene';
import { playConversationScene } from './scenes/conversation-scene';
import { describe } from './scenes/format';
import { playLearningScene } from './scenes/learning-scene';
import { playWorldScene } from './scenes/world-scene';
import { demoWorldFile } from './world-file';

const Conversation = z.object({
  player: z.object({ id: z.string(), name: z.string(), level: z.number(), job: z.string(), zeny: z.number() }),
  lines: z.array(z.object({ npc: z.string(), text: z.string().optional(), event: EventType.default('talk'), allow: z.array(ActionType).min(1) })),
});

const say = (s: string) => process.stdout.write(`${s}\n`);

async function waitReady(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(new URL('/health/ready', url));
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`gateway at ${url} not ready after ${ms} ms (see var/demo.log)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function createDemoKey(): Promise<string> {
  const config = loadConfig(BaseEnv);
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 1, applicationName: 'npc-demo' });
  try {
    return (await createRepositories(database.db).apiKeys.create({ name: `demo-${new Date().toISOString()}`, scope: 'admin', rateLimitPerMin: 60_000 })).key;
  } finally {
    await database.close();
  }
}

async function play(target: ApiTarget): Promise<void> {
  say('\n== Registering the demo NPCs (PUT /v1/npcs/{id}) ==');
  for (const n of await putNpcs(target, resolve(REPO_ROOT, 'apps/cli/demo/npcs.yaml'))) say(`  ${n.id}: ${n.name} (${n.role})`);

  const convo = Conversation.parse(parseYaml(await readFile(resolve(REPO_ROOT, 'apps/cli/demo/conversation.yaml'), 'utf8')));
  const { player } = convo;
  say(`\n== A conversation: ${player.name} (level ${player.level} ${player.job}) walks through Prontera ==`);
  let lastId = '';
  for (const line of convo.lines) {
    const { body } = await api(target, 'POST', '/v1/decisions', {
      npc: { id: line.npc },
      player,
      event: { type: line.event, ...(line.text ? { text: line.text } : {}) },
      allowedActions: line.allow,
      deadlineMs: 500,
    }, Decision);
    lastId = body.decisionId;
    say(`\n  ${player.name} → ${line.npc}: ${line.text ? `"${line.text}"` : `(${line.event})`}`);
    say(`  ${line.npc}: "${body.say}"`);
    say(`      ${describe(body)}`);
  }

  say('\n== The contract at work ==');
  const again = await api(target, 'GET', `/v1/decisions/${lastId}`, undefined, Decision);
  say(`  GET /v1/decisions/${lastId} → ${again.status}, same decision: ${again.body.decisionId === lastId}`);
  const fb = await api(target, 'POST', `/v1/decisions/${lastId}/feedback`, { rating: 1, outcome: 'player smiled' });
  say(`  POST …/feedback → ${fb.status} ${JSON.stringify(fb.body)}`);
  const req = { requestId: `demo-${Date.now()}`, npc: { id: 'kafra_prontera' }, player, event: { type: 'talk', text: 'warp me to payon' }, allowedActions: ['warp', 'talk'] };
  const [a, b] = await Promise.all([api<Decision>(target, 'POST', '/v1/decisions', req), api<Decision>(target, 'POST', '/v1/decisions', req)]);
  say(`  the same requestId twice at once → one decision: ${a.body.decisionId === b.body.decisionId}`);
  try {
    await api(target, 'POST', '/v1/decisions', { ...req, requestId: undefined, allowedActions: ['fly'] });
  } catch (err) {
    if (err instanceof ApiError) say(`  a bad action → ${err.status} ${JSON.stringify(err.body)}`);
  }
  try {
    await api({ ...target, key: 'npk_nope' }, 'GET', '/v1/npcs/kafra_prontera');
  } catch (err) {
    if (err instanceof ApiError) say(`  an unknown key → ${err.status} ${JSON.stringify(err.body)}`);
  }
}

/** `--fake-llm`: the LLM route against two local OpenAI-compatible fakes, with a live failover. */
async function playLlm(target: ApiTarget, primary: FakeLlm, secondary: FakeLlm): Promise<void> {
  say('\n== The LLM route (two fake OpenAI-compatible providers on loopback) ==');
  await api(target, 'PUT', '/v1/npcs/bard_prontera', { name: 'Bard Lorin', role: 'townsperson', background: 'A travelling bard who knows every legend of Rune-Midgard.' });
  const until = Date.now() + 10_000;
  // Wait for the LLM worker's heartbeat to reach the gateway's router.
  for (;;) {
    const probe = await api<Decision>(target, 'POST', '/v1/decisions', { npc: { id: 'bard_prontera' }, player: { id: 'probe' }, event: { type: 'talk', text: 'sing me a song about the sea' }, allowedActions: ['talk'], deadlineMs: 3000 });
    if (probe.body.source === 'llm' || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const lore = async (text: string) => {
    const { body } = await api(target, 'POST', '/v1/decisions', { npc: { id: 'bard_prontera' }, player: { id: '150001', name: 'Aria', level: 12 }, event: { type: 'talk', text }, allowedActions: ['talk', 'emote'], deadlineMs: 3000 }, Decision);
    say(`\n  Aria → bard_prontera: "${text}"`);
    say(`  bard_prontera: "${body.say}"`);
    say(`      ${describe(body)} cost=$${body.costUsd.toFixed(6)}`);
  };
  await lore('who founded prontera?');
  await lore('Who founded Prontera??');
  say('\n  -- the primary provider starts failing (HTTP 500) --');
  primary.setBehaviour('500');
  await lore('tell me the legend of the old tower');
  say(`     calls so far: primary ${primary.calls().length}, secondary ${secondary.calls().length}`);
  say('\n  -- both providers fail: the rules answer, never an error --');
  secondary.setBehaviour('500');
  await lore('what is the story of the geffen magic academy?');
  primary.setBehaviour('ok');
  secondary.setBehaviour('ok');
  await new Promise((r) => setTimeout(r, 500)); // the ledger is written in batches
  say('');
  await costs(undefined, (line) => say(`  ${line}`));
}

// 1. migrate, 2. a demo key, 3. gateway + workers as separate processes, 4. play, 5. stop cleanly.
const fakeLlm = process.argv.includes('--fake-llm');
const port = Number(process.env.PORT ?? 3000);
const url = `http://127.0.0.1:${port}`;
say(`== npc-brain demo: migrating ${loadConfig(BaseEnv).DATABASE_SCHEMA} ==`);
await migrate('up');
const key = await createDemoKey();
mkdirSync(resolve(REPO_ROOT, 'var'), { recursive: true });
const logFile = createWriteStream(resolve(REPO_ROOT, 'var/demo.log'));
const fakes = fakeLlm ? await Promise.all([startFakeLlm({ seed: 1, latencyMs: { min: 20, max: 60 } }), startFakeLlm({ seed: 2, latencyMs: { min: 20, max: 60 } })]) : [];
const llmEnv: Record<string, string> = fakes.length
  ? {
      LLM_PROVIDERS: JSON.stringify([
        { name: 'primary', baseURL: fakes[0]!.url, model: 'gpt-4o-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, timeoutMs: 1500 },
        { name: 'secondary', baseURL: fakes[1]!.url, model: 'backup-model', inputUsdPerMTok: 0.3, outputUsdPerMTok: 1.2, timeoutMs: 1500 },
      ]),
    }
  : {};
// The game server's own data (items, monsters, maps, shops), loaded by every process at start.
const world = demoWorldFile();
const supervisor = new Supervisor(standardSpecs({ gateways: 1, rulesWorkers: 1, llmWorkers: fakes.length ? 1 : 0, inferenceWorkers: 1, basePort: port, env: { ...llmEnv, ...(world ? { WORLD_FILE: world.path } : {}) } }), (_label, chunk) => logFile.write(chunk));
say(`== starting the gateway (${url}), the rules worker, the inference worker${fakes.length ? ' and the LLM worker' : ''}; their JSON logs go to var/demo.log ==`);
supervisor.start();
let code = 0;
try {
  await waitReady(url);
  await play({ url, key });
  say('\n== Conversations that feel alive: follow-ups, a correction, a Portuguese and an Indonesian player ==');
  await playConversationScene({ url, key }, say);
  say('\n== The agent: two NPCs coordinate over one quest slot; NPCs remember the player ==');
  await playAgentScene({ url, key }, say);
  say('\n== The server\'s own world: items, monsters and shops imported from rAthena (pnpm npc import rathena) ==');
  await playWorldScene({ url, key }, world, say);
  if (fakes.length) await playLlm({ url, key }, fakes[0]!, fakes[1]!);
  await playLearningScene({ url, key }, say, fakes.length ? { primary: fakes[0]!, secondary: fakes[1]! } : undefined);
} catch (err) {
  code = 1;
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  say('\n== stopping (SIGTERM: in-flight work finishes, connections close) ==');
  await supervisor.stop();
  await Promise.all(fakes.map((f) => f.close()));
  logFile.end();
  say(code === 0 ? '== demo done ==' : '== demo FAILED ==');
}
process.exit(code);
