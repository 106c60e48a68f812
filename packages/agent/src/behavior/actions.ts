/**
 * The action leaves of a behaviour tree (their arguments: ACTIONS in leaves.ts): they write the
 * decision (from the rules, the model, the LLM route or the tree's own words), tune the rules, and
 * claim or release exclusive resources.
 */
import type { State } from 'mistreevous';
import type { ActionType, DecisionBody, Emotion } from '@npc/contracts';
import type { RespondTuning } from '@npc/rules';
import type { ClaimResult } from '../coordination/leases';
import { fillSay, resourceFor, type Blackboard } from './blackboard';

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

/** How a leaf reports (run.ts): a synchronous result, or a promise the tree is stepped around; each traced. */
export interface LeafReporter {
  sync(label: string, f: () => boolean): State;
  async(label: string, f: () => Promise<boolean>): Promise<State>;
}

/** The actions over `bb`, through `services`. */
export function actionLeaves(bb: Blackboard, services: BehaviorServices, leaf: LeafReporter): Record<string, (...args: never[]) => State | Promise<State>> {
  const allows = (t: ActionType): boolean => bb.request.allowedActions.includes(t);
  const intent = () => bb.recognition.intent;
  const setDecision = (d: DecisionBody) => {
    bb.decision = d;
  };
  return {
    Rules: () => leaf.sync('Rules', () => {
      setDecision(services.rules(bb.tuning));
      return true;
    }),
    Llm: () => (services.llm ? leaf.async('Llm', async () => {
      const d = await services.llm?.();
      if (d) setDecision(d);
      return Boolean(d);
    }) : leaf.sync('Llm (unavailable)', () => false)),
    Model: () => (services.model ? leaf.async('Model', async () => {
      const d = await services.model?.();
      if (d) setDecision(d);
      return Boolean(d);
    }) : leaf.sync('Model (unavailable)', () => false)),
    Act: (type: ActionType, say?: string) => leaf.sync(`Act ${type}`, () => {
      if (!allows(type)) return false;
      const d = services.rules(bb.tuning, [type]);
      if (d.action.type !== type) return false;
      setDecision(say ? { ...d, say: fillSay(say, bb) } : d);
      return true;
    }),
    Say: (text: string) => leaf.sync('Say', () => {
      if (bb.decision) {
        setDecision({ ...bb.decision, say: fillSay(text, bb) });
        return true;
      }
      if (!allows('talk')) return false;
      setDecision({ action: { type: 'talk', args: {} }, say: fillSay(text, bb), emotion: null, intent: intent() });
      return true;
    }),
    Emote: (emotion: Emotion) => leaf.sync(`Emote ${emotion}`, () => {
      if (bb.decision) {
        setDecision({ ...bb.decision, emotion });
        return true;
      }
      if (!allows('emote')) return false;
      setDecision({ action: { type: 'emote', args: {} }, say: '', emotion, intent: intent() });
      return true;
    }),
    Patrol: (...points: string[]) => leaf.sync('Patrol', () => {
      if (!allows('walk') || points.length === 0) return false;
      const p = points[Math.floor(bb.now / 60_000) % points.length] ?? points[0] ?? '';
      const m = /^(?:([A-Za-z0-9_@.-]+):)?(\d+),(\d+)$/.exec(p);
      if (!m) return false;
      const x = Math.min(1024, Number(m[2]));
      const y = Math.min(1024, Number(m[3]));
      setDecision({ action: { type: 'walk', args: { ...(m[1] ? { map: m[1] } : {}), x, y } }, say: '', emotion: null, intent: intent() });
      return true;
    }),
    Discount: (pct: number) => leaf.sync(`Discount ${pct}`, () => {
      bb.tuning.discountCapPct = pct;
      return true;
    }),
    AlarmThreshold: (level: number) => leaf.sync(`AlarmThreshold ${level}`, () => {
      bb.tuning.alarmThreshold = level;
      return true;
    }),
    Claim: (template: string, priority = 0, ttlS = 300, windowMs = 0) => {
      const resource = resourceFor(template, bb);
      const leases = services.leases;
      if (!leases) return leaf.sync(`Claim ${resource} (no registry)`, () => false);
      return leaf.async(`Claim ${resource}`, async () => {
        const r = await leases.claim(resource, { priority, ttlMs: ttlS * 1000, windowMs });
        bb.claims.push(r);
        return r.granted;
      });
    },
    Release: (template: string) => {
      const resource = resourceFor(template, bb);
      const leases = services.leases;
      if (!leases) return leaf.sync(`Release ${resource} (no registry)`, () => false);
      return leaf.async(`Release ${resource}`, async () => {
        const ok = await leases.releaseHeld(resource);
        if (ok) bb.released.push(resource);
        return ok;
      });
    },
    Defer: (say?: string) => leaf.sync('Defer', () => {
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
}
