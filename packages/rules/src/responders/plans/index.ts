/**
 * What each intent calls for, as candidates in preference order. Every candidate that needs a
 * service checks it; the respond loop takes the first allowed one and falls back from there.
 */
import type { Emotion, Intent } from '@npc/contracts';
import type { Ctx } from '../context';
import { emote, ignore, talkLine, type Candidate } from '../moves';
import { planAlarm, planApology, planCombat, planHelp, planInjection, planInsult, planLore, planThanks } from './conversation';
import { planJobChange, planQuestProgress, planQuestRequest, planRefine } from './progression';
import { planBuy, planPrice, planSell } from './trade';
import { planDirections, planSave, planStorage, planWarp } from './travel';
import { planWorld } from './world';

/** Default emotion for an intent when the NPC only emotes. */
export const INTENT_EMOTION: Readonly<Record<Intent, Emotion>> = {
  greet: 'e_heh', farewell: 'e_ok', buy: 'e_cash', sell: 'e_cash', price_check: 'e_cash', directions: 'e_go', warp: 'e_go',
  storage: 'e_ok', save_point: 'e_ok', quest_request: 'e_ho', quest_progress: 'e_thx', job_change: 'e_awsm', refine: 'e_ok',
  lore: 'e_hmm', smalltalk: 'e_heh', insult: 'e_an', help: 'e_ok', unknown: 'e_what',
};

/** Asks what lives or spawns somewhere, whatever intent the words also suggest ("what lives on prt_fild08?"). */
const WORLD_QUESTION = /\b(live|lives|living|spawn|spawns|monsters?|mobs?)\b/;
/** The same question in the players' own words ("o que tem em prt_fild08?", "¿qué hay en …?", "ada apa di …?"), on the raw text. */
const WORLD_QUESTION_OWN = /\b(vive|vivem|viven|mora|moram|habita|habitam|habitan|monstros?|monstruos?|bichos?|tinggal|hidup|muncul|o que (tem|h[aá]) em|qu[eé] hay en|ada apa di)\b/;

export function planFor(ctx: Ctx): Candidate[] {
  if (ctx.rec.injection) return planInjection(ctx);
  const intent = ctx.rec.intent.name;
  const cat = ctx.voice.cat;
  const curt = ctx.voice.warmth === 'low';
  if (ctx.request.event.type === 'combat' && (intent === 'unknown' || intent === 'insult')) return planCombat(ctx);
  if (ctx.gesture === 'apology' && intent !== 'insult') return planApology(ctx);
  if (ctx.alarmed && ctx.allows('call_guards') && (intent === 'greet' || intent === 'smalltalk' || intent === 'unknown')) return planAlarm(ctx);
  if (ctx.gesture === 'thanks' && (intent === 'smalltalk' || intent === 'unknown')) return planThanks(ctx);
  if (ctx.refused) return [talkLine(ctx, 'plain', cat.refusalOk, 'e_ok'), emote('e_ok')];
  // A question about a monster or a map of the server's world (nothing imported: no candidates).
  if (intent === 'lore' || intent === 'directions' || intent === 'smalltalk' || intent === 'unknown' || intent === 'help' || WORLD_QUESTION.test(ctx.rec.normalized) || WORLD_QUESTION_OWN.test((ctx.request.event.text ?? '').toLowerCase())) {
    const world = planWorld(ctx);
    if (world.length > 0) return world;
  }
  switch (intent) {
    case 'greet': return curt
      ? [talkLine(ctx, 'plain', cat.greetCurt, 'e_dots'), emote('e_dots')]
      : [talkLine(ctx, 'plain', cat.greet[ctx.npc.role], 'e_heh'), emote('e_heh')];
    case 'farewell': return curt
      ? [talkLine(ctx, 'plain', cat.farewellCurt, 'e_dots'), emote('e_dots')]
      : [talkLine(ctx, 'plain', cat.farewell[ctx.npc.role], 'e_ok'), emote('e_ok')];
    case 'smalltalk': return curt
      ? [talkLine(ctx, 'plain', cat.smalltalkCurt, 'e_dots'), emote('e_dots')]
      : [talkLine(ctx, 'plain', cat.smalltalk[ctx.npc.role], ctx.voice.energy === 'high' ? 'e_heh' : 'e_smile'), emote('e_heh')];
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
    case 'unknown': return [talkLine(ctx, 'plain', cat.unknown[ctx.npc.role], 'e_what'), emote('e_what'), ignore()];
  }
}
