/**
 * The conversation scene of the demo (issue 14), through the HTTP API only: follow-ups resolved
 * against the NPC's short-lived dialogue state — a purchase finished by a bare amount after a price
 * quote, a destination corrected after a fee quote and then confirmed — and players of the largest
 * Ragnarok communities, a Brazilian and an Indonesian, answered in their own language and slang.
 */
import { Decision, type ActionType } from '@npc/contracts';
import { api, type ApiTarget } from '@npc/gateway-client';
import { describe } from './format';

const ACTIONS: ActionType[] = ['talk', 'emote', 'buy', 'sell', 'quote_price', 'open_shop', 'warp', 'give_directions', 'open_storage'];

interface Player { id: string; name: string; level: number; zeny: number; language?: string }

async function line(target: ApiTarget, say: (s: string) => void, npc: string, player: Player, text: string): Promise<Decision> {
  const { body } = await api(target, 'POST', '/v1/decisions', {
    npc: { id: npc }, player, event: { type: 'talk', text }, allowedActions: ACTIONS, deadlineMs: 1500,
  }, Decision);
  say(`\n  ${player.name} → ${npc}: "${text}"`);
  say(`  ${npc}: "${body.say}"`);
  say(`      ${describe(body)} language=${body.language ?? '-'}`);
  return body;
}

export async function playConversationScene(target: ApiTarget, say: (s: string) => void): Promise<void> {
  const stamp = Date.now().toString(36);
  const aria: Player = { id: `conv-aria-${stamp}`, name: 'Aria', level: 24, zeny: 50_000 };
  say('\n  -- a follow-up purchase: a bare amount after a price quote --');
  await line(target, say, 'tool_dealer_prontera', aria, 'how much are red potions?');
  await line(target, say, 'tool_dealer_prontera', aria, 'a dozen');
  await line(target, say, 'tool_dealer_prontera', aria, 'two more');

  say('\n  -- a correction, then a yes: the destination changes before the warp --');
  await line(target, say, 'kafra_prontera', aria, 'how much is a teleport to geffen?');
  await line(target, say, 'kafra_prontera', aria, 'actually, make it payon');
  await line(target, say, 'kafra_prontera', aria, 'sure, go ahead');

  say('\n  -- a Portuguese (Brazil) player: "do you sell …?" never sells by itself --');
  const joao: Player = { id: `conv-joao-${stamp}`, name: 'Joao', level: 15, zeny: 20_000 };
  await line(target, say, 'tool_dealer_prontera', joao, 'eae mano, vc vende asa de mosca?');
  await line(target, say, 'tool_dealer_prontera', joao, 'me vê 5 pfv');
  await line(target, say, 'tool_dealer_prontera', joao, 'vlw, flw');

  say('\n  -- an Indonesian player: a fee quote, then "gas" (go ahead) --');
  const budi: Player = { id: `conv-budi-${stamp}`, name: 'Budi', level: 30, zeny: 80_000 };
  await line(target, say, 'kafra_prontera', budi, 'halo kak, brp harga warp ke geffen?');
  await line(target, say, 'kafra_prontera', budi, 'gas');
}
