/**
 * The world scene of the demo (issue 13): the game server's own data, imported with
 * `pnpm npc import rathena`, in the product. A merchant generated from one of the server's shop
 * lines sells an item the rules' hand-typed lexicon never had, with the item's id and AegisName in
 * the action args (what `getitem` takes); an ordinary tool dealer prices it from the server's
 * item_db; a guard answers about monsters from its mob_db and spawn lines.
 */
import { Decision, type ActionType } from '@npc/contracts';
import { ITEMS } from '@npc/rules';
import { WorldKnowledge, loadWorldFile, npcsFromShops } from '@npc/world';
import { api, type ApiTarget } from '@npc/gateway-client';
import type { DemoWorld } from '../world-file';
import { describe } from './format';

export async function playWorldScene(target: ApiTarget, world: DemoWorld | undefined, say: (s: string) => void): Promise<void> {
  if (!world) {
    say('  (no rAthena source beside this checkout and no WORLD_FILE: the NPCs know only the hand-typed lexicon)');
    return;
  }
  const kb: WorldKnowledge = loadWorldFile(world.path);
  const s = kb.stats();
  say(`  ${world.how}: ${s.items} items, ${s.monsters} monsters, ${s.maps} maps, ${s.shops} shops, ${s.warps} warps, ${s.spawns} spawns`);
  const merchant = npcsFromShops(kb, { map: 'prontera' }).find((n) => n.id === 'shop_prontera_gift_merchant_prt');
  if (!merchant) throw new Error('the imported world has no Gift Merchant in Prontera');
  const { id, ...body } = merchant;
  await api(target, 'PUT', `/v1/npcs/${id}`, body);
  const goods = merchant.services?.shop ?? [];
  say(`  ${id} generated from its shop line: sells ${goods.map((g) => `${g.item} (${g.price} z)`).join(', ')}`);
  const item = 'Glass Bead';
  const inLexicon = ITEMS.some((i) => i.name === item || i.aliases.includes(item.toLowerCase()));
  say(`  "${item}" in the rules' hand-typed lexicon: ${inLexicon ? 'yes' : 'no'}; in the server's item_db: item ${kb.item(item)?.id} (${kb.item(item)?.aegis})`);
  const player = { id: '150001', name: 'Aria', level: 12, zeny: 50_000 };
  const ask = async (npc: string, text: string, allowed: ActionType[]) => {
    const { body: d } = await api(target, 'POST', '/v1/decisions', { npc: { id: npc }, player, event: { type: 'talk', text }, allowedActions: allowed, deadlineMs: 500 }, Decision);
    say(`\n  Aria → ${npc}: "${text}"`);
    say(`  ${npc}: "${d.say}"`);
    say(`      ${describe(d)}`);
  };
  await ask(id, 'how much is a glass bead?', ['quote_price', 'open_shop', 'talk']);
  await ask(id, 'I want to buy 2 glass beads', ['buy', 'quote_price', 'talk']);
  await ask('tool_dealer_prontera', 'do you sell glass beads?', ['quote_price', 'open_shop', 'talk']);
  await ask('guard_prontera', 'where do porings live?', ['talk', 'give_directions']);
  await ask('guard_prontera', 'what level is Baphomet?', ['talk']);
}
