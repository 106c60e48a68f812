/**
 * The NPC's words for an action decided elsewhere (an LLM, a cache) once its args changed after
 * the fact (difficulty scaling in `finalizeDecision`): made from the final args, in the NPC's voice
 * and the reply's language, so that what is said always agrees with what is done.
 */
import { NEUTRAL_PERSONALITY, type Action, type DecisionRequest, type Language, type Npc } from '@npc/contracts';
import { recognize } from '../recognize';
import { hereOf, safePlayerName, type Ctx } from './context';
import { catalogFor } from './i18n/index';
import { fillLine } from './lines';
import { questSay } from './plans/progression';
import { Rng } from './rng';
import { Voice } from './voice';

/** What the NPC says for `action` (a scaled quest or fight), or undefined when it has no words for it. */
export function sayForAction(npc: Npc, request: DecisionRequest, action: Action, seed: string, lang: Language = 'en'): string | undefined {
  const cat = catalogFor(lang);
  const player = safePlayerName(request.player.name);
  const voice = new Voice({ rng: new Rng(`${seed}|${npc.id}|say`), cat, traits: npc.personality ?? NEUTRAL_PERSONALITY, role: npc.role, npcName: npc.name, ...(player ? { player } : {}) });
  if (action.type === 'give_quest') {
    const q = npc.services.quests?.find((e) => e.id === action.args.quest);
    if (!q) return undefined;
    const ctx = { voice, npc, request, rec: recognize(''), services: npc.services, tokens: [], allows: () => true, here: hereOf(request), grudge: { insults: 0, violence: 0 }, escalate: false, alarmed: false, priceAdjustmentPct: 0, haggling: false } satisfies Ctx;
    const { core, detail } = questSay(ctx, q, action.args);
    return voice.say('ok', core, detail ? { detail } : {});
  }
  if (action.type === 'attack') {
    const line = fillLine(voice.pick(cat.insultHostile[npc.role]), npc.name, voice.you);
    const fight = cat.fightBack(action.args.monsterCount ?? 1, action.args.monsterLevel ?? 1);
    return voice.say('angry', fight ? `${line} ${fight}` : line);
  }
  return undefined;
}
