/**
 * The blackboard of one decision's behaviour tree: what the leaves read (the event, the
 * recognised intent, the player, what the NPC remembers, world news, the time of day) and the
 * decision they write; and what is read from it (the time of day, resource ids, the NPC's words).
 */
import { SAY_MAX, type DecisionBody, type DecisionRequest, type MemoryRecall, type Npc } from '@npc/contracts';
import type { Recognition, RespondTuning } from '@npc/rules';
import type { ClaimResult } from '../coordination/leases';
import { cleanName } from '../memory/episodes';
import type { Period } from './leaves';

export interface TimeOfDay {
  hour: number;
  period: Period;
}

export interface Blackboard {
  readonly npc: Npc;
  readonly request: DecisionRequest;
  readonly recognition: Recognition;
  readonly memory: MemoryRecall;
  readonly time: TimeOfDay;
  readonly seed: string;
  readonly now: number;
  /** The decision so far (set by Rules, Act, Llm…; adjusted by Say, Emote). */
  decision?: DecisionBody;
  tuning: { -readonly [K in keyof RespondTuning]: RespondTuning[K] };
  claims: ClaimResult[];
  released: string[];
  /** The NPC this one deferred to (Defer), remembered with the decision. */
  deferredTo?: string;
  /** Leaves called, in order (`Claim quest-slot:p1 → granted`), for logs and tests. */
  trace: string[];
}

/** The period of an hour: dawn 5–7, day 8–17, dusk 18–20, night 21–4. */
export function periodOf(hour: number): Period {
  if (hour >= 5 && hour < 8) return 'dawn';
  if (hour >= 8 && hour < 18) return 'day';
  if (hour >= 18 && hour < 21) return 'dusk';
  return 'night';
}

/** Time of day from the request context (`hour` 0–23 or `time` "HH:MM"), else the UTC hour of `now`. */
export function timeOfDay(request: Pick<DecisionRequest, 'context'>, now: number): TimeOfDay {
  const c = request.context ?? {};
  let hour: number | undefined;
  const h = c['hour'];
  if (typeof h === 'number' && Number.isInteger(h) && h >= 0 && h < 24) hour = h;
  const t = c['time'];
  if (hour === undefined && typeof t === 'string') {
    const m = /^(\d{1,2}):\d{2}/.exec(t);
    const n = m ? Number(m[1]) : NaN;
    if (n >= 0 && n < 24) hour = n;
  }
  hour ??= new Date(now).getUTCHours();
  return { hour, period: periodOf(hour) };
}

/** Fills a resource template (`quest-slot:{player}`) from the blackboard; only resource-id characters survive. */
export function resourceFor(template: string, bb: Blackboard): string {
  const d = bb.decision?.action;
  const quest = d && (d.type === 'give_quest' || d.type === 'complete_quest') ? d.args.quest : bb.npc.services.quests?.[0]?.id ?? 'any';
  const map = typeof bb.request.context?.['map'] === 'string' ? bb.request.context['map'] : 'unknown';
  const filled = template
    .replace(/\{player\}/g, bb.request.player.id)
    .replace(/\{npc\}/g, bb.npc.id)
    .replace(/\{map\}/g, map)
    .replace(/\{item\}/g, bb.recognition.slots.item ?? 'any')
    .replace(/\{quest\}/g, quest);
  return filled.replace(/[^A-Za-z0-9_.:@#/ -]/g, '_').slice(0, 128);
}

/** Fills `{player}`, `{npc}` and `{holder}` in a tree's text (cut at SAY_MAX). */
export function fillSay(text: string, bb: Blackboard, holder?: string): string {
  const player = cleanName(bb.request.player.name) ?? bb.memory.playerName ?? 'traveller';
  return text.replace(/\{player\}/g, player).replace(/\{npc\}/g, bb.npc.name).replace(/\{holder\}/g, holder ?? 'someone else').slice(0, SAY_MAX);
}
