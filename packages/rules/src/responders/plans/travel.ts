/** Plans for getting around: teleports, directions, storage and save points. */
import { findTown } from '../../entities';
import { canAfford, findDirection, findWarp, money, short, zeny, type Ctx } from '../context';
import { REFER } from '../lines';
import { act, emote, talk, type Candidate } from '../moves';
import { list, sentence, townName } from '../text';

export function planWarp(ctx: Ctx): Candidate[] {
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

export function planDirections(ctx: Ctx): Candidate[] {
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

export function planStorage(ctx: Ctx): Candidate[] {
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

export function planSave(ctx: Ctx): Candidate[] {
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
