/** Plans for progression: quests, job changes and refining. */
import { eligibleQuests, equipSlot, findJobOffer, money, questForProgress, questTerms, short, zeny, canAfford, type Ctx } from '../context';
import { REFER } from '../lines';
import { act, emote, talk, type Candidate } from '../moves';
import { aOrAn, capital, list } from '../text';

export function planQuestRequest(ctx: Ctx): Candidate[] {
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
  const args = { quest: short(q.id), ...(q.minLevel === undefined ? {} : { level: q.minLevel }), ...(q.reward ? { reward: short(q.reward) } : {}), ...questTerms(q) };
  return [
    act(ctx, { type: 'give_quest', args }, 'ok', core, 'e_ho', {
      detail: [q.reward ? `The reward is ${q.reward}.` : '', ctx.voice.precise && q.minLevel ? `For level ${q.minLevel} and up.` : ''].filter(Boolean).join(' ') || undefined,
    }),
    talk(ctx, 'info', core, 'e_ho'),
    emote('e_ho'),
  ];
}

export function planQuestProgress(ctx: Ctx): Candidate[] {
  const quests = ctx.services.quests ?? [];
  const q = questForProgress(ctx, quests);
  if (!q) return [talk(ctx, 'sorry', 'I do not remember giving you any task.', 'e_what'), emote('e_what')];
  const needs = (q.requires ?? []).map((r) => `${r.amount} ${r.item}`);
  const reminder = needs.length > 0 ? `For ${q.name} you need ${list(needs, 3)}.` : `Your task is ${q.name}.`;
  const asking = /\b(what (was|is) my|how many|what else|still need|progress|status|remind)\b/.test(ctx.rec.normalized);
  const complete = act(ctx, { type: 'complete_quest', args: { quest: short(q.id), ...(q.reward ? { reward: short(q.reward) } : {}), ...questTerms(q) } }, 'ok',
    ctx.voice.pick([`Let me see... ${q.name}, done. Well done!`, `${q.name} is complete. Thank you!`, `You did it! ${q.name} is finished.`]), 'e_thx', {
      detail: q.reward ? `Here is your reward: ${q.reward}.` : undefined,
    });
  const remind = talk(ctx, 'info', reminder, 'e_hmm');
  return asking ? [remind, complete, emote('e_hmm')] : [complete, remind, emote('e_thx')];
}

export function planJobChange(ctx: Ctx): Candidate[] {
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

export function planRefine(ctx: Ctx): Candidate[] {
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
