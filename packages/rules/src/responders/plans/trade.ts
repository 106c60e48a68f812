/**
 * Plans for trade. Money: `buy.price` and `sell.price` are the TOTAL for `amount` (unit price ×
 * amount, capped at the contract's 2e9); `quote_price.price` is the UNIT price (the say text gives
 * the total too). A sale or a purchase happens only when the player asks for one: "do you sell
 * potions?" is answered with what there is and the price, and the NPC asks how many.
 */
import { adjustPrice } from '../../disposition';
import { findItem } from '../../entities';
import { ambiguousGoods, canAfford, clampInt, findGoods, findWarp, short, zeny, type Ctx } from '../context';
import { act, emote, noting, talk, type Candidate } from '../moves';
import { capital, list } from '../text';

/**
 * What the NPC says about the price it gives this player (personality-driven haggling, loyalty,
 * grudges): '' when nothing changed and nobody haggled.
 */
export function priceNote(ctx: Ctx): string {
  const pct = ctx.priceAdjustmentPct;
  const cat = ctx.voice.cat;
  const fill = (line: string, n: number): string => line.split('{PCT}').join(String(n));
  if (pct > 0) return fill(ctx.voice.pick(ctx.haggling ? cat.haggleGive : cat.loyalGive), pct);
  if (pct < 0) return fill(ctx.voice.pick(cat.rudePay), -pct);
  if (ctx.haggling) return ctx.voice.pick(cat.noHaggle);
  return '';
}

const withNote = (note: string, core: string): string => (note ? `${note} ${core}` : core);

/** Asking whether something is sold, without asking to buy it ("do you sell potions?", "tem poção?"). */
const INQUIRY = /\b(do|does|did) (you|u) (sell|have|carry|stock|got|offer)\b|^(you|u) (sell|have|got|carry)\b|^(is there|are there|have|any)\b|\bis there\b/;
const REQUEST = /\b(want to buy|i want|i would like|i need|give me|sell me|i will take|can i (get|have|buy|grab)|buy|let me (get|have))\b/;

/** Whether the player only asks what is sold (no purchase unless asked for). */
export const isInquiry = (ctx: Ctx): boolean => !ctx.confirmed && INQUIRY.test(ctx.rec.normalized) && !REQUEST.test(ctx.rec.normalized.replace(INQUIRY, ''));

export function planBuy(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const m = cat.money;
  const shop = ctx.services.shop ?? [];
  const wanted = ctx.rec.slots.item;
  if (shop.length === 0) {
    const sells = ctx.services.buys?.length ? ` ${cat.onlyBuy}` : '';
    return [talk(ctx, 'sorry', `${cat.nothingForSale}${sells} ${capital(cat.refer.shop)}.`, 'e_sry'), emote('e_sry')];
  }
  const wares = list(cat, shop.map((e) => (ctx.voice.precise ? `${e.item} (${m(e.price)})` : e.item)), 4);
  const browse = act(ctx, { type: 'open_shop', args: {} }, 'ok', ctx.voice.pick(cat.browse), 'e_ok');
  // Several goods fit ("a potion", "the blue ones"): the NPC asks which.
  const choices = ctx.choices ?? ambiguousGoods(ctx, shop);
  if (choices && choices.length > 1) {
    return [noting(talk(ctx, 'info', cat.whichOne(list(cat, choices, 6, 'or')), 'e_what'), { topic: 'buy', ...(ctx.rec.slots.amount ? { amount: ctx.rec.slots.amount } : {}), open: { kind: 'choose', action: 'buy', slot: 'item', choices: [...choices] } }), emote('e_what')];
  }
  const i = findGoods(ctx, shop, 'shop');
  const e = shop[i];
  if (!e) {
    if (wanted) return [talk(ctx, 'sorry', cat.doNotCarry(wanted, wares), 'e_sry'), browse, emote('e_sry')];
    return [browse, talk(ctx, 'info', cat.iHave(wares), 'e_ok'), emote('e_cash')];
  }
  const item = short(e.item, 64);
  if (e.stock === 0) return [talk(ctx, 'sorry', cat.outOf(item), 'e_sry'), browse, emote('e_sry')];
  const stockMax = Math.min(30_000, e.stock ?? 30_000);
  const asked = ctx.rec.slots.amount ?? (ctx.allOfThem ? e.stock : undefined);
  const amount = clampInt(asked ?? 1, 1, stockMax);
  const unit = zeny(adjustPrice(e.price, ctx.priceAdjustmentPct));
  const total = zeny(unit * amount);
  const note = priceNote(ctx);
  const about = { topic: 'buy' as const, item, price: unit };
  const quote = noting(act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info',
    withNote(note, amount > 1 ? cat.eachFor(item, m(unit), m(total), amount) : cat.costs(item, m(unit))), 'e_cash'), { ...about, ...(asked ? { amount } : {}), open: { kind: 'offer', action: 'buy' } });
  // "Do you sell potions?": what there is and the price; the NPC asks how many (no sale unless asked).
  if (isInquiry(ctx)) {
    const ask = asked ? cat.shallIBuy : cat.howMany(item);
    return [
      noting(act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info', `${withNote(note, asked && amount > 1 ? cat.eachFor(item, m(unit), m(total), amount) : cat.costs(item, m(unit)))} ${ask}`, 'e_cash'),
        { ...about, ...(asked ? { amount } : {}), open: { kind: asked ? 'offer' : 'amount', action: 'buy' } }),
      noting(talk(ctx, 'info', `${cat.costs(item, m(unit))} ${ask}`, 'e_cash'), { ...about, open: { kind: asked ? 'offer' : 'amount', action: 'buy' } }),
      emote('e_cash'),
    ];
  }
  if (!canAfford(ctx, total)) {
    return [talk(ctx, 'sorry', cat.tooPoor(amount, item, m(total)), 'e_sry'), quote, browse, emote('e_sry')];
  }
  const partial = asked !== undefined && amount < asked ? ` ${cat.onlyLeft(amount)}` : '';
  return [
    noting(act(ctx, { type: 'buy', args: { item, amount, price: total } }, 'ok',
      withNote(note, `${ctx.voice.pick(cat.dealPrefix)} ${cat.units(amount, item)}${partial}`), 'e_cash', {
        detail: amount > 1 ? cat.thatIsEach(m(total), m(unit)) : cat.thatIs(m(total)),
        vague: cat.thatIs(m(total)),
      }), { ...about, amount }),
    quote,
    browse,
    talk(ctx, 'info', cat.cannotSellNow(item, m(unit)), 'e_sry'),
    emote('e_cash'),
  ];
}

export function planSell(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const m = cat.money;
  const buys = ctx.services.buys ?? [];
  const wanted = ctx.rec.slots.item;
  const hasShop = (ctx.services.shop?.length ?? 0) > 0;
  if (buys.length === 0) return [talk(ctx, 'sorry', hasShop ? cat.onlySell : cat.noBuying(cat.refer.shop), 'e_sry'), emote('e_sry')];
  const wants = list(cat, buys.map((e) => (ctx.voice.precise ? `${e.item} (${m(e.price)})` : e.item)), 4);
  const browse = act(ctx, { type: 'open_shop', args: {} }, 'ok', cat.showMe, 'e_ok');
  const i = findGoods(ctx, buys, 'buys');
  const e = buys[i];
  if (!e) {
    if (wanted) return [talk(ctx, 'sorry', cat.doNotBuy(wanted, wants), 'e_sry'), browse, emote('e_sry')];
    return [browse, talk(ctx, 'info', cat.iBuy(wants), 'e_ok'), emote('e_cash')];
  }
  const item = short(e.item, 64);
  const unit = zeny(e.price);
  const about = { topic: 'sell' as const, item, price: unit };
  const payEach = noting(act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info', cat.iPayEach(m(unit), item), 'e_cash'), { ...about, open: { kind: 'amount', action: 'sell' } });
  // "Do you buy fluff?" or "all of them" with no count known: the price, and how many.
  if (isInquiry(ctx) || (ctx.allOfThem && ctx.rec.slots.amount === undefined)) {
    return [noting(act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info', `${cat.iPayEach(m(unit), item)} ${cat.howMany(item)}`, 'e_cash'), { ...about, open: { kind: 'amount', action: 'sell' } }), payEach, emote('e_cash')];
  }
  const amount = clampInt(ctx.rec.slots.amount ?? 1, 1, 30_000);
  const total = zeny(unit * amount);
  return [
    noting(act(ctx, { type: 'sell', args: { item, amount, price: total } }, 'ok', `${ctx.voice.pick(cat.takePrefix)} ${cat.units(amount, item)}`, 'e_cash', {
      detail: amount > 1 ? cat.forTheLot(m(total), m(unit)) : cat.hereIs(m(total)),
      vague: cat.hereIs(m(total)),
    }), { ...about, amount }),
    payEach,
    browse,
    emote('e_cash'),
  ];
}

export function planPrice(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const m = cat.money;
  const s = ctx.services;
  const text = ctx.rec.normalized;
  const out: Candidate[] = [];
  const quote = (item: string, price: number, core: string, note: Parameters<typeof noting>[1]): void => {
    out.push(noting(act(ctx, { type: 'quote_price', args: { item: short(item, 64), price: zeny(price) } }, 'info', core, 'e_cash'), note));
    out.push(noting(talk(ctx, 'info', core, 'e_cash'), note));
  };
  const shop = s.shop ?? [];
  const buys = s.buys ?? [];
  const amount = ctx.rec.slots.amount;
  const wantsWarp = /\b(warp|teleport|send|trip|travel)\b/.test(text) || (ctx.rec.slots.town !== undefined && !ctx.rec.slots.item);
  const wantsStorage = /\b(storage|stash|deposit|withdraw)\b/.test(text);
  const wantsRefine = /\b(refine|refining|upgrade|\+\d+)\b/.test(text) || ctx.rec.slots.refineLevel !== undefined;
  const sellsSide = /\b(you (pay|give|buy)|sell|selling)\b/.test(text);

  const choices = ctx.choices ?? ambiguousGoods(ctx, shop);
  if (choices && choices.length > 1) {
    return [noting(talk(ctx, 'info', cat.whichOne(list(cat, choices, 6, 'or')), 'e_what'), { topic: 'price_check', open: { kind: 'choose', slot: 'item', choices: [...choices] } }), emote('e_what')];
  }
  const gi = findGoods(ctx, shop, 'shop');
  const bi = findGoods(ctx, buys, 'buys');
  const g = shop[gi];
  const b = buys[bi];
  if (b && (sellsSide || !g)) {
    quote(b.item, b.price, cat.iPayEach(m(b.price), b.item), { topic: 'price_check', item: b.item, price: b.price, open: { kind: 'amount', action: 'sell' } });
  } else if (g) {
    const unit = zeny(adjustPrice(g.price, ctx.priceAdjustmentPct));
    const core = amount && amount > 1 ? cat.nWouldBe(g.item, m(unit), amount, m(zeny(unit * amount))) : cat.costs(g.item, m(unit));
    quote(g.item, unit, withNote(priceNote(ctx), core), { topic: 'price_check', item: g.item, price: unit, ...(amount ? { amount } : {}), open: { kind: amount ? 'offer' : 'amount', action: 'buy' } });
  }
  if (wantsWarp && s.warps?.length) {
    const w = s.warps[findWarp(ctx, s.warps)];
    if (w) quote(cat.warpItem(w.destination), w.fee, `${cat.teleportCosts(w.destination, m(w.fee))} ${cat.shallI}`, { topic: 'price_check', destination: w.destination, price: w.fee, open: { kind: 'offer', action: 'warp' } });
    else out.push(noting(talk(ctx, 'info', cat.teleportFees(list(cat, s.warps.map((e) => `${e.destination} ${m(e.fee)}`), 4)), 'e_cash'), { topic: 'price_check', open: { kind: 'choose', action: 'warp', slot: 'destination', choices: s.warps.map((e) => e.destination).slice(0, 12) } }));
  }
  if (wantsStorage && s.storage) quote('Kafra Storage', s.storage.fee, cat.storageCosts(m(s.storage.fee)), { topic: 'price_check', price: s.storage.fee, open: { kind: 'offer', action: 'open_storage' } });
  if (wantsRefine && s.refine) quote('Refine', s.refine.fee, cat.refineFees(m(s.refine.fee), s.refine.maxLevel), { topic: 'price_check', price: s.refine.fee, open: { kind: 'offer', action: 'refine' } });
  if (out.length === 0) {
    const known = ctx.rec.slots.item ? findItem(ctx.rec.slots.item) : undefined;
    if (known && (shop.length > 0 || buys.length > 0)) {
      out.push(talk(ctx, 'sorry', cat.doNotTrade(known.name), 'e_sry', { detail: ctx.voice.precise ? cat.shopsAsk(m(known.price)) : undefined }));
    }
    if (shop.length > 0) {
      out.push(act(ctx, { type: 'open_shop', args: {} }, 'info', cat.priceTags, 'e_cash'));
      out.push(talk(ctx, 'info', cat.myPrices(list(cat, shop.map((e) => `${e.item} ${m(e.price)}`), 4)), 'e_cash'));
    } else if (buys.length > 0) {
      out.push(talk(ctx, 'info', cat.iPay(list(cat, buys.map((e) => `${e.item} ${m(e.price)}`), 4)), 'e_cash'));
    } else if (s.warps?.length) {
      out.push(talk(ctx, 'info', cat.teleportFees(list(cat, s.warps.map((e) => `${e.destination} ${m(e.fee)}`), 4)), 'e_cash'));
    } else if (s.storage) {
      out.push(talk(ctx, 'info', cat.storageCosts(m(s.storage.fee)), 'e_cash'));
    } else if (s.refine) {
      out.push(talk(ctx, 'info', cat.refineCosts(m(s.refine.fee)), 'e_cash'));
    } else if (known) {
      out.push(talk(ctx, 'info', cat.notSoldHere(known.name, m(known.price)), 'e_hmm'));
    } else {
      out.push(talk(ctx, 'sorry', cat.nothingForSaleRefer(cat.refer.shop), 'e_sry'));
    }
  }
  out.push(emote('e_cash'));
  return out;
}

