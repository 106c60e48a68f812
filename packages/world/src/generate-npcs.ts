/**
 * NPC definitions for the gateway (`PUT /v1/npcs/{id}`) generated from the server's own shops: a
 * shop line's goods become the merchant's `services.shop` at the line's prices, and, as every
 * rAthena shop buys anything at its sell price, its `services.buys` at those.
 */
import type { NpcInput } from '@npc/contracts';
import type { WorldShop } from './data';
import type { WorldKnowledge } from './knowledge';

export type GeneratedNpc = NpcInput & { id: string };

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/** `Tool Dealer#iz` → "Tool Dealer". */
export const visibleName = (npc: string): string => (npc.split('#')[0] ?? npc).trim() || npc;

/** The NPC id a generated shop gets: `shop_<map>_<name>`, unique by its position when needed. */
export function shopNpcId(shop: WorldShop): string {
  return `shop_${slug(shop.map ?? 'nowhere')}_${slug(shop.npc)}`.slice(0, 64).replace(/_+$/, '');
}

/** One merchant per shop that sells zeny-priced goods the knowledge base can name (cash and point shops are left out). */
export function npcsFromShops(kb: WorldKnowledge, opts: { map?: string } = {}): GeneratedNpc[] {
  const out: GeneratedNpc[] = [];
  const ids = new Set<string>();
  for (const shop of kb.data.shops) {
    if (shop.kind !== 'shop' && shop.kind !== 'marketshop') continue;
    if (opts.map && shop.map !== opts.map) continue;
    const goods = shop.items.map((e) => ({ e, item: kb.item(e.id) })).filter((g) => g.item !== undefined);
    if (goods.length === 0) continue;
    let id = shopNpcId(shop);
    if (ids.has(id)) id = `${id}_${shop.x ?? 0}_${shop.y ?? 0}`.slice(0, 64);
    if (ids.has(id)) continue;
    ids.add(id);
    const name = visibleName(shop.npc).slice(0, 64);
    out.push({
      id,
      name,
      role: 'merchant',
      background: `${name}, a shopkeeper${shop.map ? ` in ${shop.map}` : ''} (from ${shop.file}).`.slice(0, 2000),
      services: {
        shop: goods.slice(0, 200).map(({ e, item }) => ({ item: item!.name.slice(0, 64), price: e.price })),
        buys: goods.filter(({ item }) => item!.sell > 0).slice(0, 200).map(({ item }) => ({ item: item!.name.slice(0, 64), price: item!.sell })),
      },
    });
  }
  return out;
}
