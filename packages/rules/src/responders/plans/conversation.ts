/** Plans for conversation: insults, combat, injections, lore and help. */
import { findTown } from '../../entities';
import { money, short, type Ctx } from '../context';
import { COMBAT, INJECTION, INSULT_CALM, INSULT_HOSTILE, INSULT_SCARED, LORE, fillLine } from '../lines';
import { act, emote, ignore, talk, talkLine, type Candidate } from '../moves';
import { aOrAn, list } from '../text';

export function planInjection(ctx: Ctx): Candidate[] {
  return [talkLine(ctx, 'plain', INJECTION[ctx.npc.role], 'e_dots'), emote('e_what'), ignore()];
}

export function planCombat(ctx: Ctx): Candidate[] {
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

export function planInsult(ctx: Ctx): Candidate[] {
  const role = ctx.npc.role;
  const who = ctx.request.player.id;
  const out: Candidate[] = [];
  if (ctx.escalate) {
    const scared = ctx.voice.nervous && ctx.voice.warmth !== 'low';
    const line = fillLine(ctx.voice.pick(scared ? INSULT_SCARED : INSULT_HOSTILE[role]), ctx.npc.name, ctx.voice.you);
    const reason = short(`${who} insulted ${ctx.npc.name}`);
    const emotion = scared ? 'e_omg' : 'e_an';
    if (role === 'guard' && !scared) out.push(act(ctx, { type: 'attack', args: { target: short(who) } }, 'angry', line, emotion));
    out.push(act(ctx, { type: 'call_guards', args: { reason } }, 'angry', line, emotion));
    out.push(talk(ctx, 'angry', line, emotion));
  } else {
    out.push(talkLine(ctx, 'angry', INSULT_CALM[role], ctx.voice.nervous ? 'e_sob' : 'e_ag'));
  }
  out.push(emote(ctx.escalate ? 'e_an' : 'e_ag'), ignore());
  return out;
}

export function planLore(ctx: Ctx): Candidate[] {
  const town = ctx.rec.slots.town ? findTown(ctx.rec.slots.town.name) : undefined;
  const out: Candidate[] = [];
  if (town?.lore) out.push(talk(ctx, 'info', town.lore, 'e_hmm'));
  else if (town) out.push(talk(ctx, 'info', `${town.name}? It is ${town.hint}. I do not know many tales about it.`, 'e_hmm'));
  out.push(talkLine(ctx, 'info', LORE[ctx.npc.role], 'e_hmm'), emote('e_hmm'));
  return out;
}

export function planHelp(ctx: Ctx): Candidate[] {
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

/**
 * A player the NPC holds a grudge against shows up again and the NPC is nervous or hostile enough
 * (disposition.ts `alarmLevel` with no new provocation): it raises the alarm before anything else.
 */
export function planAlarm(ctx: Ctx): Candidate[] {
  const who = ctx.request.player.id;
  const reason = short(`${ctx.npc.name} recognised ${who}, who ${ctx.grudge.violence > 0 ? 'attacked' : 'insulted'} them before`);
  const line = ctx.voice.pick(ctx.npc.role === 'guard'
    ? ['You again! Guards, keep an eye on this one!', 'I know you. Guards, over here!']
    : ['G-guards! That one is back!', 'Guards! It is that troublemaker again!']);
  return [
    act(ctx, { type: 'call_guards', args: { reason } }, 'angry', line, 'e_omg'),
    talk(ctx, 'angry', ctx.voice.pick(['I am watching you.', 'Keep your distance.']), 'e_an'),
    emote('e_an'),
  ];
}
