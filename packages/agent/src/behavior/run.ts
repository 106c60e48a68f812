/**
 * Ticking an NPC's behaviour tree for one decision (mistreevous). The blackboard holds the event,
 * the recognised intent, the player, what the NPC remembers, world news and the time of day; leaves
 * read it and write the decision. Leaves can call the rules, the model or the LLM route (injected:
 * a stage offers what it has), fix the action, or claim and release exclusive resources.
 *
 * The tree is stepped until it resolves; asynchronous leaves (LLM, claims) are awaited between
 * steps, never past the deadline. A tree that ends without a decision leaves it to the caller
 * (the rules).
 */
import { BehaviourTree, State } from 'mistreevous';
import {
  SAY_MAX, fnv1a, type ActionType, type DecisionBody, type DecisionRequest, type Emotion, type MemoryKind, type MemoryRecall, type Npc,
  type Personality,
} from '@npc/contracts';
import { ALARM_THRESHOLD, alarmLevel, isHaggling, type Provocation, type Recognition, type RespondTuning } from '@npc/rules';
import type { ClaimResult } from '../coordination/leases';
import { cleanName } from '../memory/episodes';
import type { BehaviorTreeDefinition } from './definition';
import type { Period } from './leaves';

/** What the leaves can reach beyond the blackboard (a stage offers what it has). */
export interface BehaviorServices {
  /** The rules' decision with memory and the tree's tuning; `only` narrows the allowed actions. */
  rules(tuning: RespondTuning, only?: readonly ActionType[]): DecisionBody;
  /** The LLM route (LLM stage only); null when it cannot answer. */
  llm?: () => Promise<DecisionBody | null>;
  /** The trained model (none yet). */
  model?: () => Promise<DecisionBody | null>;
  /** The intention registry (claims are exclusive: without it, Claim fails). */
  leases?: {
    claim(resource: string, opts: { priority: number; ttlMs: number; windowMs: number }): Promise<ClaimResult>;
    releaseHeld(resource: string): Promise<boolean>;
  };
}

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

export interface BehaviorOutcome {
  status: 'succeeded' | 'failed' | 'timeout';
  decision?: DecisionBody;
  blackboard: Blackboard;
  steps: number;
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

/** A deterministic number in [0, 1) from a string (FNV-1a of @npc/contracts). */
const fnv = (s: string): number => fnv1a(s) / 4294967296;

const compare = (a: number, op: string, b: number): boolean =>
  op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;

const TALLY_OF: Partial<Record<MemoryKind, (m: MemoryRecall) => number>> = {
  purchase: (m) => m.tally.purchases, sale: (m) => m.tally.sales, insult: (m) => m.tally.insults, violence: (m) => m.tally.violence,
  quest_given: (m) => m.tally.questsGiven, quest_done: (m) => m.tally.questsDone,
};

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

function fillSay(text: string, bb: Blackboard, holder?: string): string {
  const player = cleanName(bb.request.player.name) ?? bb.memory.playerName ?? 'traveller';
  return text.replace(/\{player\}/g, player).replace(/\{npc\}/g, bb.npc.name).replace(/\{holder\}/g, holder ?? 'someone else').slice(0, SAY_MAX);
}

type Fn = (...args: never[]) => boolean | State | Promise<State>;

/** Ticks `tree` for one decision. Never throws: a failing leaf fails its node. */
export async function runBehavior(tree: BehaviorTreeDefinition, bb: Blackboard, services: BehaviorServices, opts: { deadlineAt?: number; maxSteps?: number } = {}): Promise<BehaviorOutcome> {
  const pending = new Set<Promise<unknown>>();
  const allows = (t: ActionType): boolean => bb.request.allowedActions.includes(t);
  const traits: Personality = bb.npc.personality;
  const intent = () => bb.recognition.intent;
  const setDecision = (d: DecisionBody) => {
    bb.decision = d;
  };
  const async_ = (label: string, f: () => Promise<boolean>): Promise<State> => {
    const p = f().then((ok) => {
      bb.trace.push(`${label} → ${ok ? 'ok' : 'failed'}`);
      return ok ? State.SUCCEEDED : State.FAILED;
    }, () => {
      bb.trace.push(`${label} → error`);
      return State.FAILED;
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p as Promise<State.SUCCEEDED | State.FAILED> as Promise<State>;
  };
  const sync = (label: string, f: () => boolean): State => {
    let ok = false;
    try {
      ok = f();
    } catch {
      ok = false;
    }
    bb.trace.push(`${label} → ${ok ? 'ok' : 'failed'}`);
    return ok ? State.SUCCEEDED : State.FAILED;
  };
  let chances = 0;

  const conditions: Record<string, Fn> = {
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
    Chance: (p: number) => fnv(`${bb.seed}|chance|${chances++}`) < p,
  };

  const actions: Record<string, Fn> = {
    Rules: () => sync('Rules', () => {
      setDecision(services.rules(bb.tuning));
      return true;
    }),
    Llm: () => (services.llm ? async_('Llm', async () => {
      const d = await services.llm?.();
      if (d) setDecision(d);
      return Boolean(d);
    }) : sync('Llm (unavailable)', () => false)),
    Model: () => (services.model ? async_('Model', async () => {
      const d = await services.model?.();
      if (d) setDecision(d);
      return Boolean(d);
    }) : sync('Model (unavailable)', () => false)),
    Act: (type: ActionType, say?: string) => sync(`Act ${type}`, () => {
      if (!allows(type)) return false;
      const d = services.rules(bb.tuning, [type]);
      if (d.action.type !== type) return false;
      setDecision(say ? { ...d, say: fillSay(say, bb) } : d);
      return true;
    }),
    Say: (text: string) => sync('Say', () => {
      if (bb.decision) {
        setDecision({ ...bb.decision, say: fillSay(text, bb) });
        return true;
      }
      if (!allows('talk')) return false;
      setDecision({ action: { type: 'talk', args: {} }, say: fillSay(text, bb), emotion: null, intent: intent() });
      return true;
    }),
    Emote: (emotion: Emotion) => sync(`Emote ${emotion}`, () => {
      if (bb.decision) {
        setDecision({ ...bb.decision, emotion });
        return true;
      }
      if (!allows('emote')) return false;
      setDecision({ action: { type: 'emote', args: {} }, say: '', emotion, intent: intent() });
      return true;
    }),
    Patrol: (...points: string[]) => sync('Patrol', () => {
      if (!allows('walk') || points.length === 0) return false;
      const p = points[Math.floor(bb.now / 60_000) % points.length] ?? points[0] ?? '';
      const m = /^(?:([A-Za-z0-9_@.-]+):)?(\d+),(\d+)$/.exec(p);
      if (!m) return false;
      const x = Math.min(1024, Number(m[2]));
      const y = Math.min(1024, Number(m[3]));
      setDecision({ action: { type: 'walk', args: { ...(m[1] ? { map: m[1] } : {}), x, y } }, say: '', emotion: null, intent: intent() });
      return true;
    }),
    Discount: (pct: number) => sync(`Discount ${pct}`, () => {
      bb.tuning.discountCapPct = pct;
      return true;
    }),
    AlarmThreshold: (level: number) => sync(`AlarmThreshold ${level}`, () => {
      bb.tuning.alarmThreshold = level;
      return true;
    }),
    Claim: (template: string, priority = 0, ttlS = 300, windowMs = 0) => {
      const resource = resourceFor(template, bb);
      const leases = services.leases;
      if (!leases) return sync(`Claim ${resource} (no registry)`, () => false);
      return async_(`Claim ${resource}`, async () => {
        const r = await leases.claim(resource, { priority, ttlMs: ttlS * 1000, windowMs });
        bb.claims.push(r);
        return r.granted;
      });
    },
    Release: (template: string) => {
      const resource = resourceFor(template, bb);
      const leases = services.leases;
      if (!leases) return sync(`Release ${resource} (no registry)`, () => false);
      return async_(`Release ${resource}`, async () => {
        const ok = await leases.releaseHeld(resource);
        if (ok) bb.released.push(resource);
        return ok;
      });
    },
    Defer: (say?: string) => sync('Defer', () => {
      const denied = [...bb.claims].reverse().find((c) => !c.granted);
      const holder = denied && !denied.granted ? denied.holderName ?? denied.holder : undefined;
      const text = fillSay(say ?? (holder
        ? '{holder} is already looking after that, {player}. Come back to me once it is done.'
        : 'Someone else is already looking after that, {player}. Come back later.'), bb, holder);
      if (holder) bb.deferredTo = holder;
      if (allows('talk')) {
        setDecision({ action: { type: 'talk', args: {} }, say: text, emotion: 'e_sry', intent: intent() });
        return true;
      }
      if (allows('emote')) {
        setDecision({ action: { type: 'emote', args: {} }, say: '', emotion: 'e_sry', intent: intent() });
        return true;
      }
      return false;
    }),
  };

  const agent: Record<string, Fn> = {};
  for (const [name, f] of Object.entries(conditions)) {
    agent[name] = (...args: never[]) => {
      let ok = false;
      try {
        ok = Boolean(f(...args));
      } catch {
        ok = false;
      }
      bb.trace.push(`${name}${args.length ? ` ${args.join(' ')}` : ''}? ${ok ? 'yes' : 'no'}`);
      return ok;
    };
  }
  Object.assign(agent, actions);

  const bt = new BehaviourTree(tree, agent, { random: () => fnv(`${bb.seed}|lotto|${chances++}`) });
  const maxSteps = opts.maxSteps ?? 50;
  let steps = 0;
  try {
    do {
      bt.step();
      steps++;
      if (!bt.isRunning()) break;
      if (pending.size === 0) continue;
      const left = opts.deadlineAt === undefined ? undefined : opts.deadlineAt - Date.now();
      if (left !== undefined && left <= 0) return { status: 'timeout', ...(bb.decision ? { decision: bb.decision } : {}), blackboard: bb, steps };
      let timer: NodeJS.Timeout | undefined;
      const waits: Promise<unknown>[] = [Promise.race([...pending])];
      if (left !== undefined) waits.push(new Promise((r) => (timer = setTimeout(r, left))));
      await Promise.race(waits);
      clearTimeout(timer);
      // mistreevous settles a resolved promise's node on the next step
      await Promise.resolve();
    } while (steps < maxSteps);
  } catch {
    return { status: 'failed', ...(bb.decision ? { decision: bb.decision } : {}), blackboard: bb, steps };
  }
  const state = bt.getState();
  const status = state === State.SUCCEEDED ? 'succeeded' : state === State.FAILED ? 'failed' : 'timeout';
  return { status, ...(bb.decision ? { decision: bb.decision } : {}), blackboard: bb, steps };
}
