/** Plans for conversation: insults, combat, injections, lore, help, apologies and thanks. */
import type { ActionOf } from '@npc/contracts';
import { findTown } from '../../entities';
import { short, type Ctx } from '../context';
import { fillLine } from '../lines';
import { act, emote, ignore, talk, talkLine, type Candidate } from '../moves';
import { list, townHint } from '../text';

/** Who the NPC is reacting to, for an action's `reason`: the player's name, never an internal id. */
const who = (ctx: Ctx): string => ctx.voice.player ?? 'a stranger';

/** An attack on the player, difficulty-scaled, said from its final args (how many fighters, of what level). */
function attack(ctx: Ctx, tone: 'plain' | 'angry', line: string, emotion: 'e_an' | 'e_omg'): Candidate {
  const base: ActionOf<'attack'> = { type: 'attack', args: { target: short(ctx.request.player.id) } };
  const scaled = ctx.scale ? ctx.scale(base) : base;
  const a: ActionOf<'attack'> = scaled.type === 'attack' ? scaled : base;
  const fight = ctx.voice.cat.fightBack(a.args.monsterCount ?? 1, a.args.monsterLevel ?? 1);
  return act(ctx, a, tone, fight ? `${line} ${fight}` : line, emotion);
}

export function planInjection(ctx: Ctx): Candidate[] {
  return [talkLine(ctx, 'plain', ctx.voice.cat.injection[ctx.npc.role], 'e_dots'), emote('e_what'), ignore()];
}

export function planCombat(ctx: Ctx): Candidate[] {
  const reason = short(`${ctx.npc.name} was attacked by ${who(ctx)}`);
  const line = fillLine(ctx.voice.pick(ctx.voice.cat.combat[ctx.npc.role]), ctx.npc.name, ctx.voice.you);
  const out: Candidate[] = [];
  if (ctx.npc.role === 'guard') out.push(attack(ctx, 'plain', line, 'e_an'));
  out.push(act(ctx, { type: 'call_guards', args: { reason } }, 'plain', line, 'e_omg'));
  if (ctx.npc.role !== 'guard') out.push(attack(ctx, 'plain', line, 'e_an'));
  out.push(talk(ctx, 'plain', line, 'e_omg'), emote('e_omg'), ignore());
  return out;
}

export function planInsult(ctx: Ctx): Candidate[] {
  const role = ctx.npc.role;
  const cat = ctx.voice.cat;
  const out: Candidate[] = [];
  if (ctx.escalate) {
    const scared = ctx.voice.nervous && ctx.voice.warmth !== 'low';
    const line = fillLine(ctx.voice.pick(scared ? cat.insultScared : cat.insultHostile[role]), ctx.npc.name, ctx.voice.you);
    const reason = short(`${who(ctx)} insulted ${ctx.npc.name}`);
    const emotion = scared ? 'e_omg' : 'e_an';
    if (role === 'guard' && !scared) out.push(attack(ctx, 'angry', line, emotion));
    out.push(act(ctx, { type: 'call_guards', args: { reason } }, 'angry', line, emotion));
    out.push(talk(ctx, 'angry', line, emotion));
  } else {
    out.push(talkLine(ctx, 'angry', cat.insultCalm[role], ctx.voice.nervous ? 'e_sob' : 'e_ag'));
  }
  out.push(emote(ctx.escalate ? 'e_an' : 'e_ag'), ignore());
  return out;
}

export function planLore(ctx: Ctx): Candidate[] {
  const town = ctx.rec.slots.town ? findTown(ctx.rec.slots.town.name) : undefined;
  const cat = ctx.voice.cat;
  const out: Candidate[] = [];
  if (town?.lore && cat.lang === 'en') out.push(talk(ctx, 'info', town.lore, 'e_hmm'));
  else if (town) out.push(talk(ctx, 'info', cat.townLore(town.name, townHint(cat, town.name)), 'e_hmm'));
  out.push(talkLine(ctx, 'info', cat.lore[ctx.npc.role], 'e_hmm'), emote('e_hmm'));
  return out;
}

export function planHelp(ctx: Ctx): Candidate[] {
  const s = ctx.services;
  const cat = ctx.voice.cat;
  const offers: string[] = [];
  if (s.warps?.length) offers.push(cat.offerTeleport(list(cat, s.warps.map((w) => w.destination), 3, 'or')));
  if (s.storage) offers.push(cat.offerStorage(ctx.voice.precise ? cat.money(s.storage.fee) : undefined));
  if (s.savePoint) offers.push(cat.offerSave);
  if (s.shop?.length) offers.push(cat.offerSell(list(cat, s.shop.map((e) => e.item), 2)));
  if (s.buys?.length) offers.push(cat.offerBuy);
  if (s.quests?.length) offers.push(cat.offerQuests);
  if (s.refine) offers.push(cat.offerRefine(s.refine.maxLevel));
  if (s.jobs?.length) offers.push(cat.offerJobs(list(cat, s.jobs.map(cat.jobName), 3, 'or')));
  if (s.directions?.length) offers.push(cat.offerDirections);
  const out: Candidate[] = [];
  if (offers.length > 0) out.push(talk(ctx, 'info', cat.iAm(ctx.npc.name, list(cat, offers, 4)), 'e_ok', { vague: cat.justAsk }));
  else out.push(talk(ctx, 'info', cat.localTip, 'e_ok'));
  out.push(emote('e_ok'));
  return out;
}

/**
 * A player the NPC holds a grudge against shows up again and the NPC is nervous or hostile enough
 * (disposition.ts `alarmLevel` with no new provocation): it raises the alarm before anything else.
 */
export function planAlarm(ctx: Ctx): Candidate[] {
  const reason = short(`${ctx.npc.name} recognised ${who(ctx)}, who ${ctx.grudge.violence > 0 ? 'attacked' : 'insulted'} them before`);
  const cat = ctx.voice.cat;
  const line = ctx.voice.pick(ctx.npc.role === 'guard' ? cat.alarmGuard : cat.alarmOther);
  return [
    act(ctx, { type: 'call_guards', args: { reason } }, 'angry', line, 'e_omg'),
    talk(ctx, 'angry', ctx.voice.pick(cat.watching), 'e_an'),
    emote('e_an'),
  ];
}

/** "Sorry about before": accepted when the NPC holds something against the player. */
export function planApology(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const held = ctx.grudge.insults + ctx.grudge.violence > 0;
  return [talkLine(ctx, 'plain', held ? cat.apologyAccepted : cat.apologyNothing, held ? 'e_ok' : 'e_heh'), emote('e_ok')];
}

/** Thanks on their own ("thanks!", "vlw", "makasih"). */
export function planThanks(ctx: Ctx): Candidate[] {
  return [talkLine(ctx, 'plain', ctx.voice.cat.thanksBack, 'e_heh'), emote('e_thx')];
}
