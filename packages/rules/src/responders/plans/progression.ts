/** Plans for progression: quests (said from their final, difficulty-scaled args), job changes and refining. */
import type { ActionArgsOf, Services } from '@npc/contracts';
import { eligibleQuests, equipSlot, findJobOffer, questForProgress, questTerms, short, zeny, canAfford, type Ctx } from '../context';
import { fillIn } from '../lines';
import { act, emote, talk, type Candidate } from '../moves';
import { capital, list } from '../text';

type Quest = NonNullable<Services['quests']>[number];
type QuestArgs = ActionArgsOf<'give_quest'>;

/**
 * What a quest asks for once scaled: the first requirement is `monsterCount` (the par count is the
 * quest's own amount), the others grow or shrink by the same factor.
 */
export function scaledNeeds(q: Quest, args: Pick<QuestArgs, 'monsterCount' | 'requires'>): { item: string; amount: number }[] {
  // The final args' own terms when they carry them (the game script checks those).
  if (args.requires?.length) return args.requires.map((r) => ({ item: r.item, amount: r.amount }));
  const req = q.requires ?? [];
  const base = req[0]?.amount;
  if (!base || args.monsterCount === undefined) return req.map((r) => ({ item: r.item, amount: r.amount }));
  const factor = args.monsterCount / Math.min(100, Math.max(1, base));
  return req.map((r, i) => ({ item: r.item, amount: i === 0 ? args.monsterCount ?? r.amount : Math.max(1, Math.round(r.amount * factor)) }));
}

/** The give_quest action for a quest, with the player's scaling applied when the agent provides it. */
export function questAction(ctx: Ctx, q: Quest): { type: 'give_quest'; args: QuestArgs } {
  const args: QuestArgs = { quest: short(q.id), ...(q.minLevel === undefined ? {} : { level: q.minLevel }), ...(q.reward ? { reward: short(q.reward) } : {}), ...questTerms(q) };
  const action = { type: 'give_quest' as const, args };
  const scaled = ctx.scale ? ctx.scale(action) : action;
  return scaled.type === 'give_quest' ? scaled : action;
}

/** The sentence of a quest, from its final args. */
export function questSay(ctx: Ctx, q: Quest, args: QuestArgs): { core: string; detail?: string } {
  const cat = ctx.voice.cat;
  const needs = scaledNeeds(q, args).map((r) => `${r.amount} ${r.item}`);
  let core = needs.length > 0 ? cat.questBring(q.name, list(cat, needs, 3)) : cat.questTask(q.name);
  if (needs.length === 0 && args.monsterCount !== undefined && args.monsterLevel !== undefined) core = `${core} ${cat.questHunt(q.name, args.monsterCount, args.monsterLevel)}`;
  const details = [args.reward ? cat.rewardIs(args.reward) : '', ctx.voice.precise && q.minLevel ? cat.forLevel(q.minLevel) : ''].filter(Boolean).join(' ');
  return { core, ...(details ? { detail: details } : {}) };
}

export function planQuestRequest(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const quests = ctx.services.quests ?? [];
  if (quests.length === 0) {
    const tip = ctx.npc.role === 'quest_giver' ? ` ${cat.comeBackLater}` : ` ${capital(cat.refer.quest)}.`;
    return [talk(ctx, 'sorry', `${cat.noWork}${tip}`, 'e_sry'), emote('e_sry')];
  }
  const q = eligibleQuests(ctx, quests)[0];
  if (!q) {
    const level = ctx.request.player.level ?? 1;
    const higher = quests.map((qq) => qq.minLevel ?? 1).filter((l) => l > level);
    const core = higher.length > 0 ? cat.notReady(Math.min(...higher)) : cat.tooExperienced;
    return [talk(ctx, 'sorry', core, 'e_sry'), emote('e_sry')];
  }
  const action = questAction(ctx, q);
  const { core, detail } = questSay(ctx, q, action.args);
  return [
    act(ctx, action, 'ok', core, 'e_ho', detail ? { detail } : {}),
    talk(ctx, 'info', core, 'e_ho'),
    emote('e_ho'),
  ];
}

export function planQuestProgress(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const quests = ctx.services.quests ?? [];
  const q = questForProgress(ctx, quests);
  if (!q) return [talk(ctx, 'sorry', cat.noTaskGiven, 'e_what'), emote('e_what')];
  const needs = scaledNeeds(q, questAction(ctx, q).args).map((r) => `${r.amount} ${r.item}`);
  const reminder = needs.length > 0 ? cat.questNeeds(q.name, list(cat, needs, 3)) : cat.questIs(q.name);
  const asking = /\b(what (was|is) my|how many|what else|still need|progress|status|remind|left)\b/.test(ctx.rec.normalized);
  const complete = act(ctx, { type: 'complete_quest', args: { quest: short(q.id), ...(q.reward ? { reward: short(q.reward) } : {}), ...questTerms(q) } }, 'ok',
    fillIn(ctx.voice.pick(cat.questDone), 'Q', q.name), 'e_thx', q.reward ? { detail: cat.hereIsReward(q.reward) } : {});
  const remind = talk(ctx, 'info', reminder, 'e_hmm');
  return asking ? [remind, complete, emote('e_hmm')] : [complete, remind, emote('e_thx')];
}

export function planJobChange(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const jobs = ctx.services.jobs ?? [];
  if (jobs.length === 0) return [talk(ctx, 'sorry', cat.cannotChangeClass(cat.refer.job), 'e_sry'), emote('e_sry')];
  const wanted = ctx.rec.slots.job;
  const offer = findJobOffer(ctx, jobs) ?? (wanted === undefined && jobs.length === 1 ? jobs[0] : undefined);
  const options = list(cat, jobs.map(cat.jobName), 4, 'or');
  if (!offer) {
    if (wanted) return [talk(ctx, 'sorry', cat.cannotMake(cat.jobName(wanted), options), 'e_sry'), emote('e_sry')];
    return [talk(ctx, 'info', cat.whichPath(options), 'e_what'), emote('e_what')];
  }
  const job = short(offer);
  const current = ctx.request.player.job;
  if (current && current.toLowerCase() === job.toLowerCase()) return [talk(ctx, 'info', cat.alreadyAre(cat.jobName(job)), 'e_heh'), emote('e_heh')];
  return [
    act(ctx, { type: 'job_change', args: { job } }, 'ok', fillIn(fillIn(ctx.voice.pick(cat.becomeJob), 'A', cat.jobName(job)), 'J', job), 'e_awsm'),
    talk(ctx, 'info', cat.canMakeNotNow(cat.jobName(job)), 'e_sry'),
    emote('e_awsm'),
  ];
}

export function planRefine(ctx: Ctx): Candidate[] {
  const cat = ctx.voice.cat;
  const r = ctx.services.refine;
  if (!r) return [talk(ctx, 'sorry', cat.cannotRefine(cat.refer.refine), 'e_sry'), emote('e_sry')];
  const level = ctx.rec.slots.refineLevel;
  const fee = zeny(r.fee);
  if (level !== undefined && level > r.maxLevel) return [talk(ctx, 'sorry', cat.refineMax(r.maxLevel), 'e_sry'), emote('e_sry')];
  if (!canAfford(ctx, fee)) return [talk(ctx, 'sorry', cat.refinePoor(cat.money(fee)), 'e_sry'), emote('e_sry')];
  const item = ctx.rec.slots.item;
  const slot = equipSlot(item);
  const equip = item && slot ? short(item, 64) : undefined;
  const what = equip ? cat.yourItem(equip) : cat.yourGear;
  return [
    act(ctx, { type: 'refine', args: { ...(slot ? { slot } : {}), ...(equip ? { item: equip } : {}), fee } }, 'ok', fillIn(ctx.voice.pick(cat.refineGo), 'W', what), 'e_ok', {
      detail: ctx.voice.precise ? cat.refineEachPrecise(cat.money(fee), r.maxLevel) : cat.refineEach(cat.money(fee)),
    }),
    act(ctx, { type: 'quote_price', args: { item: 'Refine', price: fee } }, 'info', cat.refineCosts(cat.money(fee)), 'e_cash'),
    talk(ctx, 'sorry', cat.forgeCold, 'e_sry'),
    emote('e_ok'),
  ];
}
