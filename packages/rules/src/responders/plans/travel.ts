/**
 * Plans for getting around: teleports, directions, storage and save points. Speech names towns
 * and places, never map names or coordinates (those are the action's args, for the game).
 */
import { findTown } from '../../entities';
import { canAfford, findDirection, findWarp, short, zeny, type Ctx } from '../context';
import { fillIn } from '../lines';
import { act, emote, noting, talk, type Candidate } from '../moves';
import { list, sentence, townHint, townName } from '../text';

export function planWarp(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const m = cat.money;
  const warps = ctx.services.warps ?? [];
  const town = ctx.rec.slots.town;
  if (warps.length === 0) {
    const out: Candidate[] = [talk(ctx, 'sorry', cat.cannotTeleport(cat.refer.warp), 'e_sry')];
    if (town) out.push(directionsToTown(ctx));
    out.push(emote('e_sry'));
    return out;
  }
  const i = findWarp(ctx, warps);
  const w = warps[i];
  const menu = list(cat, warps.map((e) => (ctx.voice.careless ? e.destination : `${e.destination} (${m(e.fee)})`)), 4);
  const choose = { topic: 'warp' as const, open: { kind: 'choose' as const, action: 'warp' as const, slot: 'destination' as const, choices: warps.map((e) => e.destination).slice(0, 12) } };
  if (!w) {
    const out: Candidate[] = [];
    if (town) out.push(noting(talk(ctx, 'sorry', cat.cannotSendTo(town.name, menu), 'e_sry'), choose));
    else out.push(noting(talk(ctx, 'info', cat.whereTo(menu), 'e_what'), choose));
    out.push(emote('e_what'));
    return out;
  }
  const fee = zeny(w.fee);
  const dest = short(w.destination);
  const about = { topic: 'warp' as const, destination: dest, price: fee };
  const quote = noting(act(ctx, { type: 'quote_price', args: { item: short(cat.warpItem(w.destination), 64), price: fee } }, 'info',
    `${cat.teleportCosts(dest, m(fee))} ${cat.shallI}`, 'e_cash'), { ...about, open: { kind: 'offer', action: 'warp' } });
  if (!canAfford(ctx, fee)) return [talk(ctx, 'sorry', cat.teleportPoor(dest, m(fee)), 'e_sry'), quote, emote('e_sry')];
  return [
    noting(act(ctx, { type: 'warp', args: { destination: dest, map: w.map, x: w.x, y: w.y, fee } }, 'ok', fillIn(ctx.voice.pick(cat.warpGo), 'D', dest), 'e_go', {
      detail: cat.feeIs(m(fee)),
      vague: cat.mindLanding,
    }), about),
    quote,
    talk(ctx, 'sorry', cat.teleportNotNow(dest, m(fee)), 'e_sry'),
    emote('e_go'),
  ];
}

function directionsToTown(ctx: Ctx): Candidate {
  const cat = ctx.voice.cat;
  const t = ctx.rec.slots.town;
  const town = t ? findTown(t.name) : undefined;
  if (!t || !town) return talk(ctx, 'sorry', cat.unknownPlace, 'e_sry');
  return noting(act(ctx, {
    type: 'give_directions',
    args: { destination: short(t.name), map: t.map, ...(t.x === undefined ? {} : { x: t.x }), ...(t.y === undefined ? {} : { y: t.y }) },
  }, 'info', cat.townIs(town.name, townHint(cat, town.name)), 'e_go'), { topic: 'directions', destination: town.name });
}

export function planDirections(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const dirs = ctx.services.directions ?? [];
  const out: Candidate[] = [];
  const d = dirs[findDirection(ctx, dirs)];
  if (d) {
    const args = {
      destination: short(d.place), ...(d.map ? { map: d.map } : {}), ...(d.x === undefined ? {} : { x: d.x }), ...(d.y === undefined ? {} : { y: d.y }),
    };
    const say = `${d.place}: ${sentence(d.hint)}`;
    out.push(noting(act(ctx, { type: 'give_directions', args }, 'info', say, 'e_go'), { topic: 'directions', place: short(d.place) }));
    out.push(noting(talk(ctx, 'info', say, 'e_go'), { topic: 'directions', place: short(d.place) }));
  } else if (ctx.rec.slots.town) {
    out.push(directionsToTown(ctx));
    const town = findTown(ctx.rec.slots.town.name);
    if (town) out.push(talk(ctx, 'info', cat.townIs(town.name, townHint(cat, town.name)), 'e_go'));
    const w = ctx.services.warps?.[findWarp(ctx, ctx.services.warps)];
    if (w) out.push(act(ctx, { type: 'warp', args: { destination: short(w.destination), map: w.map, x: w.x, y: w.y, fee: zeny(w.fee) } }, 'ok', cat.fasterTeleport(w.destination), 'e_go'));
  } else {
    const place = ctx.rec.slots.place;
    const known = dirs.length > 0 ? cat.canPointTo(list(cat, dirs.map((e) => e.place), 4)) : cat.askGuard;
    const choose = dirs.length > 0 ? { topic: 'directions' as const, open: { kind: 'choose' as const, action: 'give_directions' as const, slot: 'place' as const, choices: dirs.map((e) => e.place).slice(0, 12) } } : { topic: 'directions' as const };
    out.push(noting(talk(ctx, place ? 'sorry' : 'info', place ? cat.notSureWhere(place, known) : cat.whereDoYouWant(known), place ? 'e_sry' : 'e_what'), choose));
  }
  out.push(emote('e_go'));
  return out;
}

export function planStorage(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const st = ctx.services.storage;
  if (!st) return [talk(ctx, 'sorry', cat.cannotStorage(cat.refer.storage), 'e_sry'), emote('e_sry')];
  const fee = zeny(st.fee);
  if (!canAfford(ctx, fee)) return [talk(ctx, 'sorry', cat.storagePoor(cat.money(fee)), 'e_sry'), emote('e_sry')];
  return [
    noting(act(ctx, { type: 'open_storage', args: { fee } }, 'ok', ctx.voice.pick(cat.storageHere), 'e_ok', { detail: fee > 0 ? cat.feeIs(cat.money(fee)) : cat.noFee }), { topic: 'storage', price: fee }),
    act(ctx, { type: 'quote_price', args: { item: 'Kafra Storage', price: fee } }, 'info', cat.storageCosts(cat.money(fee)), 'e_cash'),
    talk(ctx, 'sorry', cat.storageNotNow, 'e_sry'),
    emote('e_ok'),
  ];
}

export function planSave(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const p = ctx.services.savePoint;
  const here = ctx.here;
  if (p) {
    return [
      act(ctx, { type: 'save_point', args: { map: p.map, x: p.x, y: p.y } }, 'ok', fillIn(ctx.voice.pick(cat.saved), 'T', townName(p.map)), 'e_ok'),
      talk(ctx, 'sorry', cat.saveNotNow, 'e_sry'),
      emote('e_ok'),
    ];
  }
  if (ctx.npc.role === 'kafra' && here.map) {
    return [
      act(ctx, { type: 'save_point', args: { ...here } }, 'ok', cat.savedHere(townName(here.map)), 'e_ok'),
      talk(ctx, 'sorry', cat.saveNotNow, 'e_sry'),
      emote('e_ok'),
    ];
  }
  return [talk(ctx, 'sorry', cat.cannotSave(cat.refer.save), 'e_sry'), emote('e_sry')];
}
