/**
 * The condition leaves of a behaviour tree (their arguments: CONDITIONS in leaves.ts): questions
 * about the blackboard, answered without side effects.
 */
import type { ActionType, MemoryKind, MemoryRecall, Personality } from '@npc/contracts';
import { ALARM_THRESHOLD, alarmLevel, isHaggling, type Provocation } from '@npc/rules';
import type { Blackboard } from './blackboard';

const compare = (a: number, op: string, b: number): boolean =>
  op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;

const TALLY_OF: Partial<Record<MemoryKind, (m: MemoryRecall) => number>> = {
  purchase: (m) => m.tally.purchases, sale: (m) => m.tally.sales, insult: (m) => m.tally.insults, violence: (m) => m.tally.violence,
  quest_given: (m) => m.tally.questsGiven, quest_done: (m) => m.tally.questsDone,
};

/** The conditions over `bb`; `draw(kind)` gives the decision's next deterministic number in [0, 1). */
export function conditionLeaves(bb: Blackboard, draw: (kind: string) => number): Record<string, (...args: never[]) => boolean> {
  const allows = (t: ActionType): boolean => bb.request.allowedActions.includes(t);
  const traits: Personality = bb.npc.personality;
  const intent = () => bb.recognition.intent;
  return {
    IsIntent: (...names: string[]) => names.includes(intent().name),
    IsEvent: (...types: string[]) => types.includes(bb.request.event.type),
    IsTime: (...periods: string[]) => periods.includes(bb.time.period),
    IsAllowed: (...types: ActionType[]) => types.every(allows),
    Remembers: (kind: MemoryKind | 'any', min = 1) => {
      if (kind === 'any') return bb.memory.visits >= min;
      const fromTally = TALLY_OF[kind];
      return (fromTally ? fromTally(bb.memory) : bb.memory.memories.filter((m) => m.kind === kind).length) >= min;
    },
    Trait: (trait: keyof Personality, op: string, value: number) => compare(traits[trait], op, value),
    Alarm: (threshold: number = ALARM_THRESHOLD) => {
      const provocation: Provocation = bb.request.event.type === 'combat' ? 'combat' : intent().name === 'insult' ? 'insult' : 'none';
      return alarmLevel(traits, { insults: bb.memory.tally.insults, violence: bb.memory.tally.violence }, provocation) >= threshold;
    },
    HasNews: (...types: string[]) => bb.memory.news.some((e) => types.length === 0 || types.includes(e.type)),
    DecisionIs: (...types: ActionType[]) => Boolean(bb.decision && types.includes(bb.decision.action.type)),
    Haggling: () => isHaggling(bb.recognition.normalized),
    PlayerLevel: (op: string, n: number) => bb.request.player.level !== undefined && compare(bb.request.player.level, op, n),
    OnMap: (...maps: string[]) => typeof bb.request.context?.['map'] === 'string' && maps.includes(bb.request.context['map']),
    Chance: (p: number) => draw('chance') < p,
  };
}
