/**
 * The CLI's API commands (`npc put`, `ask`, `replay`) through @npc/gateway-client against a real
 * gateway + rules worker (the gateway's own test stack, as the bridge's tests use it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Decision } from '@npc/contracts';
import { KAFRA, MERCHANT, runCli } from '@npc/testing';
import { decisionBody, startStack, type Stack } from '../../../gateway/src/test-harness';

let s: Stack;
let dir: string;
let env: (key: string) => Record<string, string>;
beforeAll(async () => {
  s = await startStack();
  dir = mkdtempSync(join(tmpdir(), 'npc-cli-api-'));
  env = (key) => ({ NPC_BRAIN_URL: s.url, NPC_BRAIN_KEY: key });
});
afterAll(async () => s?.close());

describe('the CLI talks to the gateway through @npc/gateway-client', () => {
  it('npc put registers a YAML file of NPCs (npc:write key); a game key is refused with the 403 named', async () => {
    const file = join(dir, 'npcs.yaml');
    writeFileSync(file, stringify([{ id: 'kafra1', ...KAFRA }, { id: 'merchant1', ...MERCHANT }]));
    const writer = await s.createKey('npc:write');
    const put = await runCli(['npc', 'put', file], env(writer));
    expect(put.stderr).toBe('');
    expect(put.stdout).toContain('kafra1: Kafra Employee (kafra) registered');
    expect(put.stdout).toContain('merchant1: Tool Dealer (merchant) registered');
    expect((await s.repos.npcs.get('merchant1'))?.services.shop?.[0]?.item).toBe('Red Potion');
    const refused = await runCli(['npc', 'put', file], env(s.keys.game));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 403: .*"code":"forbidden".*"field":"authorization"/);
  });

  it('ask prints the decision, which is stored in PostgreSQL; replay sends a file of requests', async () => {
    const asked = await runCli(['ask', '--npc', 'kafra1', '--text', 'warp me to geffen please', '--allow', 'warp,talk'], env(s.keys.game));
    expect(asked.code).toBe(0);
    const d = Decision.parse(JSON.parse(asked.stdout));
    expect(d.action.type).toBe('warp');
    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify(decisionBody(i % 2 ? 'kafra1' : 'merchant1', { player: { id: `p${i}` } })));
    const file = join(dir, 'asks.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const replayed = await runCli(['replay', file, '--concurrency', '3'], env(s.keys.game));
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('replayed 6 requests (0 failed)');
    expect(replayed.stdout).toContain('by source: rules 6');
    await expect.poll(async () => (await s.repos.decisions.get(d.decisionId))?.decision.action.type, { timeout: 20_000 }).toBe('warp');
  });
});
