/** The prompt carries what the game server's own data says about the things the player names (packages/world). */
import { afterEach, describe, expect, it } from 'vitest';
import { WorldKnowledge, installWorld, sampleWorld } from '@npc/world';
import { buildPrompt } from './prompt';

const npc = { name: 'Bard Lorin', role: 'townsperson' } as const;
const request = (text: string) => ({
  requestId: 'r1', npc: { id: 'bard' }, player: { id: 'p1' }, event: { type: 'talk' as const, text }, allowedActions: ['talk' as const], deadlineMs: 1500, wait: true,
});
afterEach(() => installWorld(undefined));

describe('world facts in the prompt', () => {
  it('names the monsters and items the player asks about, outside the data fence', () => {
    installWorld(new WorldKnowledge(sampleWorld()));
    const { messages, leakGuard } = buildPrompt({ npc, request: request('what level is Baphomet? and a glass bead?'), canary: 'c4n4ry' });
    const user = messages[1]!.content;
    expect(user).toMatch(/World facts \(from the game server\):\n- Baphomet is a level 81 Demon boss of the Dark 3 element/);
    expect(user).toMatch(/- Glass Bead sells for 1,400 zeny in shops/);
    expect(user.indexOf('World facts')).toBeGreaterThan(user.indexOf(leakGuard.fenceClose));
    expect(messages[0]!.content).not.toMatch(/Baphomet/);
  });

  it('nothing imported, or nothing named: no facts', () => {
    expect(buildPrompt({ npc, request: request('what level is Baphomet?'), canary: 'c' }).messages[1]!.content).not.toMatch(/World facts/);
    installWorld(new WorldKnowledge(sampleWorld()));
    expect(buildPrompt({ npc, request: request('sing me a song'), canary: 'c' }).messages[1]!.content).not.toMatch(/World facts/);
  });
});
