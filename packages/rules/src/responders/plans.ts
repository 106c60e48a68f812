/**
 * What each intent calls for, as candidates in preference order. Every candidate that needs a
 * service checks it; the respond loop takes the first allowed one and falls back from there.
 *
 * Money: `buy.price` and `sell.price` are the TOTAL for `amount` (unit price × amount, capped at the
 * contract's 2e9); `quote_price.price` is the UNIT price (the say text gives the total too).
 */
import type { Emotion, Intent } from '@npc/contracts';
import { findItem, findTown } from '../entities';
import {
  clampInt, eligibleQuests, equipSlot, findDirection, findGoods, findJobOffer, findWarp, money, questForProgress,
  short, zeny, type Ctx,
} from './context';
import {
  COMBAT, FAREWELL, GREET, INJECTION, INSULT_CALM, INSULT_HOSTILE, LORE, REFER, SMALLTALK, UNKNOWN, fillLine,
} from './lines';
import { act, emote, ignore, talk, talkLine, type Candidate } from './moves';

/** "A, B and C" (", and more" when cut); `or` for alternatives without the "more". */
const list = (names: readonly string[], max = 4, conj: 'and' | 'or' = 'and'): string => {
  const shown = names.slice(0, max);
  const more = conj === 'and' && names.length > max ? ', and more' : '';
  if (shown.length <= 1) return `${shown[0] ?? ''}${more}`;
  return `${shown.slice(0, -1).join(', ')} ${conj} ${shown[shown.length - 1] ?? ''}${more}`;
};

/** A sentence from an NPC-provided hint (ends with punctuation). */
const sentence = (s: string): string => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** "a Mage", "an Archer". */
const aOrAn = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

const townName = (map: string): string => findTown(map)?.name ?? map;

const canAfford = (ctx: Ctx, cost: number): boolean => {
  const z = ctx.request.player.zeny;
  return z === undefined || z >= cost;
};

/** Default emotion for an intent when the NPC only emotes. */
export const INTENT_EMOTION: Readonly<Record<Intent, Emotion>> = {
  greet: 'e_heh', farewell: 'e_ok', buy: 'e_cash', sell: 'e_cash', price_check: 'e_cash', directions: 'e_go', warp: 'e_go',
  storage: 'e_ok', save_point: 'e_ok', quest_request: 'e_ho', quest_progress: 'e_thx', job_change: 'e_awsm', refine: 'e_ok',
  lore: 'e_hmm', smalltalk: 'e_heh', insult: 'e_an', help: 'e_ok', unknown: 'e_what',
};

export function planFor(ctx: Ctx): Candidate[] {
  if (ctx.rec.injection) return planInjection(ctx);
  const intent = ctx.rec.intent.name;
  if (ctx.request.event.type === 'combat' && (intent === 'unknown' || intent === 'insult')) return planCombat(ctx);
  switch (intent) {
    case 'greet': return [talkLine(ctx, 'plain', GREET[ctx.npc.role], 'e_heh'), emote('e_heh')];
    case 'farewell': return [talkLine(ctx, 'plain', FAREWELL[ctx.npc.role], ctx.voice.warmth === 'low' ? 'e_dots' : 'e_ok'), emote('e_ok')];
    case 'smalltalk': return [talkLine(ctx, 'plain', SMALLTALK[ctx.npc.role], ctx.voice.energy === 'high' ? 'e_heh' : 'e_smile'), emote('e_heh')];
    case 'lore': return planLore(ctx);
    case 'help': return planHelp(ctx);
    case 'insult': return planInsult(ctx);
    case 'warp': return planWarp(ctx);
    case 'storage': return planStorage(ctx);
    case 'save_point': return planSave(ctx);
    case 'buy': return planBuy(ctx);
    case 'sell': return planSell(ctx);
    case 'price_check': return planPrice(ctx);
    case 'directions': return planDirections(ctx);
    case 'quest_request': return planQuestRequest(ctx);
    case 'quest_progress': return planQuestProgress(ctx);
    case 'job_change': return planJobChange(ctx);
    case 'refine': return planRefine(ctx);
    case 'unknown': return [talkLine(ctx, 'plain', UNKNOWN[ctx.npc.role], 'e_what'), emote('e_what'), ignore()];
  }
}

function planInjection(ctx: Ctx): Candidate[] {
  return [talkLine(ctx, 'plain', INJECTION[ctx.npc.role], 'e_dots'), emote('e_what'), ignore()];
}

function planCombat(ctx: Ctx): Candidate[] {
  const who = ctx.request.player.id;
  const reason = short(`${ctx.npc.name} was attacked by ${who}`);
  const line = fillLine(ctx.voice.pick(COMBAT[ctx.npc.role]), ctx.npc.name, ctx.voice.you);
  const out: Candidate[] = [];
  if (ctx.npc.role === 'guard') out.push(act(ctx, { type: 'attack', args: { target: short(who) } }, 'plain', line, 'e_an'));
  out.push(act(ctx, { type: 'call_guards', args: { reason } }, 'plain', line, 'e_omg'));
  if (ctx.npc.role !== 'guard') out.push(act(ctx, { type: 'attack', args: { target: short(who) } }, 'plain', line, 'e_an'));
  out.push(talk(ctx, 'plain', line, 'e_omg'), emote('e_omg'), ignore());
  return out;
}

function planInsult(ctx: Ctx): Candidate[] {
  const role = ctx.npc.role;
  const who = ctx.request.player.id;
  const out: Candidate[] = [];
  if (ctx.voice.hostile) {
    const line = fillLine(ctx.voice.pick(INSULT_HOSTILE[role]), ctx.npc.name, ctx.voice.you);
    const reason = short(`${who} insulted ${ctx.npc.name}`);
    if (role === 'guard') out.push(act(ctx, { type: 'attack', args: { target: short(who) } }, 'angry', line, 'e_an'));
    out.push(act(ctx, { type: 'call_guards', args: { reason } }, 'angry', line, 'e_an'));
    out.push(talk(ctx, 'angry', line, 'e_an'));
  } else {
    out.push(talkLine(ctx, 'angry', INSULT_CALM[role], ctx.voice.nervous ? 'e_sob' : 'e_ag'));
  }
  out.push(emote(ctx.voice.hostile ? 'e_an' : 'e_ag'), ignore());
  return out;
}

function planLore(ctx: Ctx): Candidate[] {
  const town = ctx.rec.slots.town ? findTown(ctx.rec.slots.town.name) : undefined;
  const out: Candidate[] = [];
  if (town?.lore) out.push(talk(ctx, 'info', town.lore, 'e_hmm'));
  else if (town) out.push(talk(ctx, 'info', `${town.name}? It is ${town.hint}. I do not know many tales about it.`, 'e_hmm'));
  out.push(talkLine(ctx, 'info', LORE[ctx.npc.role], 'e_hmm'), emote('e_hmm'));
  return out;
}

function planHelp(ctx: Ctx): Candidate[] {
  const s = ctx.services;
  const offers: string[] = [];
  if (s.warps?.length) offers.push(`teleport you to ${list(s.warps.map((w) => w.destination), 3, 'or')}`);
  if (s.storage) offers.push(ctx.voice.precise ? `open your storage for ${money(s.storage.fee)}` : 'open your storage');
  if (s.savePoint) offers.push('record your save point');
  if (s.shop?.length) offers.push(`sell you supplies like ${list(s.shop.map((e) => e.item), 2)}`);
  if (s.buys?.length) offers.push('buy your loot');
  if (s.quests?.length) offers.push('give you tasks');
  if (s.refine) offers.push(`refine your equipment up to +${s.refine.maxLevel}`);
  if (s.jobs?.length) offers.push(`make you ${list(s.jobs.map(aOrAn), 3, 'or')}`);
  if (s.directions?.length) offers.push('show you the way around town');
  const out: Candidate[] = [];
  if (offers.length > 0) {
    out.push(talk(ctx, 'info', `I am ${ctx.npc.name}. I can ${list(offers, 4)}.`, 'e_ok', {
      vague: 'Just ask.',
    }));
  } else {
    out.push(talk(ctx, 'info', 'I am just a local, but here is a tip: hunt porings outside town, and visit a Kafra employee to save and store your items.', 'e_ok'));
  }
  out.push(emote('e_ok'));
  return out;
}

function planWarp(ctx: Ctx): Candidate[] {
  const warps = ctx.services.warps ?? [];
  const town = ctx.rec.slots.town;
  if (warps.length === 0) {
    const out: Candidate[] = [talk(ctx, 'sorry', `I cannot teleport anyone; ${REFER.warp}.`, 'e_sry')];
    if (town) out.push(directionsToTown(ctx));
    out.push(emote('e_sry'));
    return out;
  }
  const i = findWarp(ctx, warps);
  const w = warps[i];
  const menu = list(warps.map((e) => (ctx.voice.careless ? e.destination : `${e.destination} (${money(e.fee)})`)), 4);
  if (!w) {
    const out: Candidate[] = [];
    if (town) out.push(talk(ctx, 'sorry', `I cannot send you to ${town.name}. I can send you to ${menu}.`, 'e_sry'));
    else out.push(talk(ctx, 'info', `Where to? I can send you to ${menu}.`, 'e_what'));
    out.push(emote('e_what'));
    return out;
  }
  const fee = zeny(w.fee);
  const dest = short(w.destination);
  const quote = act(ctx, { type: 'quote_price', args: { item: short(`Warp to ${w.destination}`, 64), price: fee } }, 'info',
    `A teleport to ${dest} costs ${money(fee)}.`, 'e_cash');
  if (!canAfford(ctx, fee)) {
    return [talk(ctx, 'sorry', `A teleport to ${dest} costs ${money(fee)}, and you do not have enough zeny.`, 'e_sry'), quote, emote('e_sry')];
  }
  return [
    act(ctx, { type: 'warp', args: { destination: dest, map: w.map, x: w.x, y: w.y, fee } }, 'ok',
      ctx.voice.pick([`Off to ${dest} you go!`, `Teleporting you to ${dest}.`, `One trip to ${dest}, coming up.`]), 'e_go', {
        detail: ctx.voice.precise ? `The fee is ${money(fee)}; you will arrive at ${w.map} (${w.x}, ${w.y}).` : `The fee is ${money(fee)}.`,
        vague: 'Mind the landing.',
      }),
    quote,
    talk(ctx, 'sorry', `I can teleport you to ${dest} for ${money(fee)}, but not right now.`, 'e_sry'),
    emote('e_go'),
  ];
}

function directionsToTown(ctx: Ctx): Candidate {
  const t = ctx.rec.slots.town;
  const town = t ? findTown(t.name) : undefined;
  if (!t || !town) return talk(ctx, 'sorry', 'I do not know that place.', 'e_sry');
  return act(ctx, {
    type: 'give_directions',
    args: { destination: short(t.name), map: t.map, ...(t.x === undefined ? {} : { x: t.x }), ...(t.y === undefined ? {} : { y: t.y }) },
  }, 'info', `${town.name} is ${town.hint}.`, 'e_go', {
    detail: ctx.voice.precise && t.x !== undefined && t.y !== undefined ? `Look for ${t.map} around (${t.x}, ${t.y}).` : undefined,
  });
}

function planStorage(ctx: Ctx): Candidate[] {
  const st = ctx.services.storage;
  if (!st) return [talk(ctx, 'sorry', `I cannot open your storage; ${REFER.storage}.`, 'e_sry'), emote('e_sry')];
  const fee = zeny(st.fee);
  if (!canAfford(ctx, fee)) return [talk(ctx, 'sorry', `Storage costs ${money(fee)}, and you do not have enough zeny.`, 'e_sry'), emote('e_sry')];
  return [
    act(ctx, { type: 'open_storage', args: { fee } }, 'ok', ctx.voice.pick(['Here is your storage.', 'Opening your storage now.', 'Your storage is ready.']), 'e_ok', {
      detail: fee > 0 ? `The fee is ${money(fee)}.` : 'No fee today.',
    }),
    act(ctx, { type: 'quote_price', args: { item: 'Kafra Storage', price: fee } }, 'info', `Storage costs ${money(fee)}.`, 'e_cash'),
    talk(ctx, 'sorry', 'I cannot open your storage right now.', 'e_sry'),
    emote('e_ok'),
  ];
}

function planSave(ctx: Ctx): Candidate[] {
  const p = ctx.services.savePoint;
  const here = ctx.here;
  if (p) {
    return [
      act(ctx, { type: 'save_point', args: { map: p.map, x: p.x, y: p.y } }, 'ok',
        ctx.voice.pick([`Your respawn point is now ${townName(p.map)}.`, `Saved! You will return to ${townName(p.map)}.`, `I have recorded your save point in ${townName(p.map)}.`]), 'e_ok', {
          detail: ctx.voice.precise ? `Map ${p.map}, coordinates (${p.x}, ${p.y}).` : undefined,
        }),
      talk(ctx, 'sorry', 'I cannot record your save point right now.', 'e_sry'),
      emote('e_ok'),
    ];
  }
  if (ctx.npc.role === 'kafra' && here.map) {
    return [
      act(ctx, { type: 'save_point', args: { ...here } }, 'ok', `Saved! You will return to ${townName(here.map)}.`, 'e_ok'),
      talk(ctx, 'sorry', 'I cannot record your save point right now.', 'e_sry'),
      emote('e_ok'),
    ];
  }
  return [talk(ctx, 'sorry', `I cannot do that; ${REFER.save}.`, 'e_sry'), emote('e_sry')];
}

function planBuy(ctx: Ctx): Candidate[] {
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
  const unit = zeny(e.price);
  const total = zeny(unit * amount);
  const quote = act(ctx, { type: 'quote_price', args: { item, price: unit } }, 'info',
    amount > 1 ? `${item} is ${money(unit)} each, ${money(total)} for ${amount}.` : `${item} is ${money(unit)}.`, 'e_cash');
  if (!canAfford(ctx, total)) {
    return [talk(ctx, 'sorry', `${amount} ${item} would cost ${money(total)}, and you do not have enough zeny.`, 'e_sry'), quote, browse, emote('e_sry')];
  }
  const partial = ctx.rec.slots.amount !== undefined && amount < ctx.rec.slots.amount ? ` I only have ${amount} left.` : '';
  return [
    act(ctx, { type: 'buy', args: { item, amount, price: total } }, 'ok',
      `${ctx.voice.pick(['Here you go:', 'Done:', 'Deal:'])} ${amount} × ${item}.${partial}`, 'e_cash', {
        detail: amount > 1 ? `That is ${money(total)} (${money(unit)} each).` : `That is ${money(total)}.`,
        vague: `That is ${money(total)}.`,
      }),
    quote,
    browse,
    talk(ctx, 'info', `${item} costs ${money(unit)}, but I cannot sell right now.`, 'e_sry'),
    emote('e_cash'),
  ];
}

function planSell(ctx: Ctx): Candidate[] {
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

function planPrice(ctx: Ctx): Candidate[] {
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
    const core = amount && amount > 1
      ? `${g.item} is ${money(g.price)} each; ${amount} would be ${money(zeny(g.price * amount))}.`
      : `${g.item} is ${money(g.price)}.`;
    quote(g.item, g.price, core);
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

function planDirections(ctx: Ctx): Candidate[] {
  const dirs = ctx.services.directions ?? [];
  const out: Candidate[] = [];
  const d = dirs[findDirection(ctx, dirs)];
  if (d) {
    const args = {
      destination: short(d.place), ...(d.map ? { map: d.map } : {}), ...(d.x === undefined ? {} : { x: d.x }), ...(d.y === undefined ? {} : { y: d.y }),
    };
    const coords = d.x !== undefined && d.y !== undefined ? `Look around (${d.x}, ${d.y}).` : undefined;
    out.push(act(ctx, { type: 'give_directions', args }, 'info', `${d.place}: ${sentence(d.hint)}`, 'e_go', { detail: ctx.voice.precise ? coords : undefined }));
    out.push(talk(ctx, 'info', `${d.place}: ${sentence(d.hint)}`, 'e_go'));
  } else if (ctx.rec.slots.town) {
    out.push(directionsToTown(ctx));
    const town = findTown(ctx.rec.slots.town.name);
    if (town) out.push(talk(ctx, 'info', `${town.name} is ${town.hint}.`, 'e_go'));
    const w = ctx.services.warps?.[findWarp(ctx, ctx.services.warps)];
    if (w) out.push(act(ctx, { type: 'warp', args: { destination: short(w.destination), map: w.map, x: w.x, y: w.y, fee: zeny(w.fee) } }, 'ok', `Faster to teleport: off to ${w.destination}!`, 'e_go'));
  } else {
    const place = ctx.rec.slots.place;
    const known = dirs.length > 0 ? ` I can point you to ${list(dirs.map((e) => e.place), 4)}.` : ' Ask a guard, they know the town well.';
    out.push(talk(ctx, place ? 'sorry' : 'info', place ? `I am not sure where ${place} is around here.${known}` : `Where do you want to go?${known}`, place ? 'e_sry' : 'e_what'));
  }
  out.push(emote('e_go'));
  return out;
}

function planQuestRequest(ctx: Ctx): Candidate[] {
  const quests = ctx.services.quests ?? [];
  if (quests.length === 0) {
    const tip = ctx.npc.role === 'quest_giver' ? ' Come back later.' : ` ${capital(REFER.quest)}.`;
    return [talk(ctx, 'sorry', `I have no work for you right now.${tip}`, 'e_sry'), emote('e_sry')];
  }
  const q = eligibleQuests(ctx, quests)[0];
  if (!q) {
    const level = ctx.request.player.level ?? 1;
    const higher = quests.map((qq) => qq.minLevel ?? 1).filter((l) => l > level);
    const core = higher.length > 0
      ? `You are not ready yet. Come back when you reach level ${Math.min(...higher)}.`
      : 'You are too experienced for my little tasks.';
    return [talk(ctx, 'sorry', core, 'e_sry'), emote('e_sry')];
  }
  const needs = (q.requires ?? []).map((r) => `${r.amount} ${r.item}`);
  const core = needs.length > 0 ? `${q.name}: bring me ${list(needs, 3)}.` : `I have a task for you: ${q.name}.`;
  const args = { quest: short(q.id), ...(q.minLevel === undefined ? {} : { level: q.minLevel }), ...(q.reward ? { reward: short(q.reward) } : {}) };
  return [
    act(ctx, { type: 'give_quest', args }, 'ok', core, 'e_ho', {
      detail: [q.reward ? `The reward is ${q.reward}.` : '', ctx.voice.precise && q.minLevel ? `For level ${q.minLevel} and up.` : ''].filter(Boolean).join(' ') || undefined,
    }),
    talk(ctx, 'info', core, 'e_ho'),
    emote('e_ho'),
  ];
}

function planQuestProgress(ctx: Ctx): Candidate[] {
  const quests = ctx.services.quests ?? [];
  const q = questForProgress(ctx, quests);
  if (!q) return [talk(ctx, 'sorry', 'I do not remember giving you any task.', 'e_what'), emote('e_what')];
  const needs = (q.requires ?? []).map((r) => `${r.amount} ${r.item}`);
  const reminder = needs.length > 0 ? `For ${q.name} you need ${list(needs, 3)}.` : `Your task is ${q.name}.`;
  const asking = /\b(what (was|is) my|how many|what else|still need|progress|status|remind)\b/.test(ctx.rec.normalized);
  const complete = act(ctx, { type: 'complete_quest', args: { quest: short(q.id), ...(q.reward ? { reward: short(q.reward) } : {}) } }, 'ok',
    ctx.voice.pick([`Let me see... ${q.name}, done. Well done!`, `${q.name} is complete. Thank you!`, `You did it! ${q.name} is finished.`]), 'e_thx', {
      detail: q.reward ? `Here is your reward: ${q.reward}.` : undefined,
    });
  const remind = talk(ctx, 'info', reminder, 'e_hmm');
  return asking ? [remind, complete, emote('e_hmm')] : [complete, remind, emote('e_thx')];
}

function planJobChange(ctx: Ctx): Candidate[] {
  const jobs = ctx.services.jobs ?? [];
  if (jobs.length === 0) return [talk(ctx, 'sorry', `I cannot change your class; ${REFER.job}.`, 'e_sry'), emote('e_sry')];
  const wanted = ctx.rec.slots.job;
  const offer = findJobOffer(ctx, jobs) ?? (wanted === undefined && jobs.length === 1 ? jobs[0] : undefined);
  const options = list(jobs.map(aOrAn), 4, 'or');
  if (!offer) {
    if (wanted) return [talk(ctx, 'sorry', `I cannot make you ${aOrAn(wanted)}. I can make you ${options}.`, 'e_sry'), emote('e_sry')];
    return [talk(ctx, 'info', `Which path calls you? I can make you ${options}.`, 'e_what'), emote('e_what')];
  }
  const job = short(offer);
  const current = ctx.request.player.job;
  if (current && current.toLowerCase() === job.toLowerCase()) {
    return [talk(ctx, 'info', `You already are ${aOrAn(job)}.`, 'e_heh'), emote('e_heh')];
  }
  return [
    act(ctx, { type: 'job_change', args: { job } }, 'ok',
      ctx.voice.pick([`From this day on, you are ${aOrAn(job)}!`, `Welcome to the ranks of the ${job}s.`, `So be it: you are now ${aOrAn(job)}.`]), 'e_awsm'),
    talk(ctx, 'info', `I can make you ${aOrAn(job)}, but not right now.`, 'e_sry'),
    emote('e_awsm'),
  ];
}

function planRefine(ctx: Ctx): Candidate[] {
  const r = ctx.services.refine;
  if (!r) return [talk(ctx, 'sorry', `I cannot refine; ${REFER.refine}.`, 'e_sry'), emote('e_sry')];
  const level = ctx.rec.slots.refineLevel;
  const fee = zeny(r.fee);
  if (level !== undefined && level > r.maxLevel) {
    return [talk(ctx, 'sorry', `I can only refine up to +${r.maxLevel}.`, 'e_sry'), emote('e_sry')];
  }
  if (!canAfford(ctx, fee)) return [talk(ctx, 'sorry', `A refine costs ${money(fee)}, and you do not have enough zeny.`, 'e_sry'), emote('e_sry')];
  const item = ctx.rec.slots.item;
  const slot = equipSlot(item);
  const equip = item && slot ? short(item, 64) : undefined;
  const what = equip ? `your ${equip}` : 'your gear';
  return [
    act(ctx, { type: 'refine', args: { ...(slot ? { slot } : {}), ...(equip ? { item: equip } : {}), fee } }, 'ok',
      ctx.voice.pick([`Let us heat the forge for ${what}.`, `Hand me ${what}.`, `Alright, ${what} goes on the anvil.`]), 'e_ok', {
        detail: `Each attempt costs ${money(fee)}${ctx.voice.precise ? `; I refine up to +${r.maxLevel}, and past the safe limit it may break` : ''}.`,
      }),
    act(ctx, { type: 'quote_price', args: { item: 'Refine', price: fee } }, 'info', `A refine costs ${money(fee)}.`, 'e_cash'),
    talk(ctx, 'sorry', 'The forge is cold right now, come back later.', 'e_sry'),
    emote('e_ok'),
  ];
}

const capital = (s: string): string => (s.length > 0 ? s.charAt(0).toUpperCase() + s.slice(1) : s);
