/**
 * Plans for trade. Money: `buy.price` and `sell.price` are the TOTAL for `amount` (unit price ×
 * amount, capped at the contract's 2e9); `quote_price.price` is the UNIT price (the say text gives
 * the total too).
 */
import { adjustPrice } from '../../disposition';
import { findItem } from '../../entities';
import { canAfford, clampInt, findGoods, findWarp, money, short, zeny, type Ctx } from '../context';
import { REFER } from '../lines';
import { act, emote, talk, type Candidate } from '../moves';
import { capital, list } from '../text';

/**
 * What the NPC says about the price it gives this player (personality-driven haggling, loyalty,
 * grudges): '' when nothing changed and nobody haggled.
 */
export function priceNote(ctx: Ctx): string {
  const pct = ctx.priceAdjustmentPct;
  if (pct > 0) {
    return ctx.haggling
      ? ctx.voice.pick([`Alright, for you ${pct}% off.`, `Fine, fine: ${pct}% off, just for you.`, `You drive a hard bargain: ${pct}% off.`])
      : ctx.voice.pick([`For a loyal customer, ${pct}% off.`, `${pct}% off for a regular.`]);
  }
  if (pct < 0) return ctx.voice.pick([`Rude customers pay ${-pct}% more.`, `After what you said, it is ${-pct}% more for you.`]);
  if (ctx.haggling) return ctx.voice.pick(['No haggling: the price is the price.', 'The price is the price.', 'I do not haggle.']);
  return '';
}

const withNote = (note: string, core: string): string => (note ? `${note} ${core}` : core);

export function planBuy(ctx: Ctx): Candidate[] {
  const shop = ctx.services.shop ?? [];
  const wanted = ctx.rec.slots.item;
  if (shop.length === 0) {
    const sells = ctx.services.buys?.length ? ' I only buy goods.' : '';
    return [talk(ctx, 'sorry', `I have nothing for sale.${sells} ${capital(REFER.shop)}.`, 'e_sry'), emote('e_sry')];
  }
  const wares = list(shop.map((e) => (ctx.voice.precise ? `${e.item} (${money(e.price)})` : e.item)), 4);
  const browse = act(ctx, { type: 'open_shop', args: {} }, 'ok', ctx.voice.pick(['Take a look at my wares.', 'Here is what I have.', 'Browse as long as you like.']), 'e_ok');
  const i = findGoods(ctx, shop, 'shop');
  const e = shop[i];
  if (!e) {
    if (wanted) return [talk(ctx, 'sorry', `I do not carry ${wanted}. I have ${wares}.`, 'e_sry'), browse, emote('e_sry')];
    return [browse, talk(ctx, 'info', `I have ${wares}.`, 'e_ok'), emote('e_cash')];
  }
  const item = short(e.item, 64);
  if (e.stock === 0) return [talk(ctx, 'sorry', `I am out of ${item}. Come back later.`, 'e_sry'), browse, emote('e_sry')];
  const amount = clampInt(ctx.rec.slots.amount ?? 1, 1, Math.min(30_000, e.stock ?? 30_000));
  const unit = zeny(adjustPrice(e.price, ctx.priceAdjustmentPct));
  const total = zeny(unit * amount);
  const note = priceNote(ctx);
  const quote = act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info',
    withNote(note, amount > 1 ? `${item} is ${money(unit)} each, ${money(total)} for ${amount}.` : `${item} is ${money(unit)}.`), 'e_cash');
  if (!canAfford(ctx, total)) {
    return [talk(ctx, 'sorry', `${amount} ${item} would cost ${money(total)}, and you do not have enough zeny.`, 'e_sry'), quote, browse, emote('e_sry')];
  }
  const partial = ctx.rec.slots.amount !== undefined && amount < ctx.rec.slots.amount ? ` I only have ${amount} left.` : '';
  return [
    act(ctx, { type: 'buy', args: { item, amount, price: total } }, 'ok',
      withNote(note, `${ctx.voice.pick(['Here you go:', 'Done:', 'Deal:'])} ${amount} × ${item}.${partial}`), 'e_cash', {
        detail: amount > 1 ? `That is ${money(total)} (${money(unit)} each).` : `That is ${money(total)}.`,
        vague: `That is ${money(total)}.`,
      }),
    quote,
    browse,
    talk(ctx, 'info', `${item} costs ${money(unit)}, but I cannot sell right now.`, 'e_sry'),
    emote('e_cash'),
  ];
}

export function planSell(ctx: Ctx): Candidate[] {
  const buys = ctx.services.buys ?? [];
  const wanted = ctx.rec.slots.item;
  const hasShop = (ctx.services.shop?.length ?? 0) > 0;
  if (buys.length === 0) {
    const why = hasShop ? 'I only sell, I do not buy.' : `I do not buy anything; ${REFER.shop}.`;
    return [talk(ctx, 'sorry', why, 'e_sry'), emote('e_sry')];
  }
  const wants = list(buys.map((e) => (ctx.voice.precise ? `${e.item} (${money(e.price)})` : e.item)), 4);
  const browse = act(ctx, { type: 'open_shop', args: {} }, 'ok', 'Show me what you have.', 'e_ok');
  const i = findGoods(ctx, buys, 'buys');
  const e = buys[i];
  if (!e) {
    if (wanted) return [talk(ctx, 'sorry', `I do not buy ${wanted}. I buy ${wants}.`, 'e_sry'), browse, emote('e_sry')];
    return [browse, talk(ctx, 'info', `I buy ${wants}.`, 'e_ok'), emote('e_cash')];
  }
  const item = short(e.item, 64);
  const amount = clampInt(ctx.rec.slots.amount ?? 1, 1, 30_000);
  const unit = zeny(e.price);
  const total = zeny(unit * amount);
  return [
    act(ctx, { type: 'sell', args: { item, amount, price: total } }, 'ok',
      `${ctx.voice.pick(['I will take', 'Deal, I will buy', 'Sure, I take'])} ${amount} × ${item}.`, 'e_cash', {
        detail: amount > 1 ? `${money(total)} for the lot (${money(unit)} each).` : `Here is ${money(total)}.`,
        vague: `Here is ${money(total)}.`,
      }),
    act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info', `I pay ${money(unit)} for each ${item}.`, 'e_cash'),
    browse,
    emote('e_cash'),
  ];
}

export function planPrice(ctx: Ctx): Candidate[] {
  const s = ctx.services;
  const text = ctx.rec.normalized;
  const out: Candidate[] = [];
  const quote = (item: string, price: number, core: string): void => {
    out.push(act(ctx, { type: 'quote_price', args: { item: short(item, 64), price: zeny(price) } }, 'info', core, 'e_cash'));
    out.push(talk(ctx, 'info', core, 'e_cash'));
  };
  const shop = s.shop ?? [];
  const buys = s.buys ?? [];
  const amount = ctx.rec.slots.amount;
  const wantsWarp = /\b(warp|teleport|send|trip|travel)\b/.test(text) || (ctx.rec.slots.town !== undefined && !ctx.rec.slots.item);
  const wantsStorage = /\b(storage|stash|deposit|withdraw)\b/.test(text);
  const wantsRefine = /\b(refine|refining|upgrade|\+\d+)\b/.test(text) || ctx.rec.slots.refineLevel !== undefined;
  const sellsSide = /\b(you (pay|give|buy)|sell|selling)\b/.test(text);

  const gi = findGoods(ctx, shop, 'shop');
  const bi = findGoods(ctx, buys, 'buys');
  const g = shop[gi];
  const b = buys[bi];
  if (b && (sellsSide || !g)) {
    quote(b.item, b.price, `I pay ${money(b.price)} for each ${b.item}.`);
  } else if (g) {
    const unit = zeny(adjustPrice(g.price, ctx.priceAdjustmentPct));
    const core = amount && amount > 1
      ? `${g.item} is ${money(unit)} each; ${amount} would be ${money(zeny(unit * amount))}.`
      : `${g.item} is ${money(unit)}.`;
    quote(g.item, unit, withNote(priceNote(ctx), core));
  }
  if (wantsWarp && s.warps?.length) {
    const w = s.warps[findWarp(ctx, s.warps)];
    if (w) quote(`Warp to ${w.destination}`, w.fee, `A teleport to ${w.destination} costs ${money(w.fee)}.`);
    else out.push(talk(ctx, 'info', `Teleport fees: ${list(s.warps.map((e) => `${e.destination} ${money(e.fee)}`), 4)}.`, 'e_cash'));
  }
  if (wantsStorage && s.storage) quote('Kafra Storage', s.storage.fee, `Opening your storage costs ${money(s.storage.fee)}.`);
  if (wantsRefine && s.refine) quote('Refine', s.refine.fee, `Each refine attempt costs ${money(s.refine.fee)}, up to +${s.refine.maxLevel}.`);
  if (out.length === 0) {
    const known = ctx.rec.slots.item ? findItem(ctx.rec.slots.item) : undefined;
    if (known && (shop.length > 0 || buys.length > 0)) {
      out.push(talk(ctx, 'sorry', `I do not trade in ${known.name}.`, 'e_sry', {
        detail: ctx.voice.precise ? `Shops usually ask about ${money(known.price)} for it.` : undefined,
      }));
    }
    if (shop.length > 0) {
      out.push(act(ctx, { type: 'open_shop', args: {} }, 'info', 'Have a look, the prices are on the tags.', 'e_cash'));
      out.push(talk(ctx, 'info', `My prices: ${list(shop.map((e) => `${e.item} ${money(e.price)}`), 4)}.`, 'e_cash'));
    } else if (buys.length > 0) {
      out.push(talk(ctx, 'info', `I pay: ${list(buys.map((e) => `${e.item} ${money(e.price)}`), 4)}.`, 'e_cash'));
    } else if (s.warps?.length) {
      out.push(talk(ctx, 'info', `Teleport fees: ${list(s.warps.map((e) => `${e.destination} ${money(e.fee)}`), 4)}.`, 'e_cash'));
    } else if (s.storage) {
      out.push(talk(ctx, 'info', `Storage costs ${money(s.storage.fee)}.`, 'e_cash'));
    } else if (s.refine) {
      out.push(talk(ctx, 'info', `A refine costs ${money(s.refine.fee)}.`, 'e_cash'));
    } else if (known) {
      out.push(talk(ctx, 'info', `I do not sell ${known.name}, but shops usually ask about ${money(known.price)}.`, 'e_hmm'));
    } else {
      out.push(talk(ctx, 'sorry', `I have nothing for sale; ${REFER.shop}.`, 'e_sry'));
    }
  }
  out.push(emote('e_cash'));
  return out;
}
