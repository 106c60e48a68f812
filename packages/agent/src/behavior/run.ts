/**
 * Ticking an NPC's behaviour tree for one decision (mistreevous). The blackboard (blackboard.ts)
 * holds the event, the recognised intent, the player, what the NPC remembers, world news and the
 * time of day; condition leaves (conditions.ts) read it, action leaves (actions.ts) write the
 * decision. Leaves can call the rules, the model or the LLM route (injected: a stage offers what
 * it has), fix the action, or claim and release exclusive resources.
 *
 * The tree is stepped until it resolves; asynchronous leaves (LLM, claims) are awaited between
 * steps, never past the deadline. A tree that ends without a decision leaves it to the caller
 * (the rules).
 */
import { BehaviourTree, State } from 'mistreevous';
import { fnv1a, type DecisionBody } from '@npc/contracts';
import { actionLeaves, type BehaviorServices, type LeafReporter } from './actions';
import type { Blackboard } from './blackboard';
import { conditionLeaves } from './conditions';
import type { BehaviorTreeDefinition } from './definition';

export type { BehaviorServices } from './actions';
export { timeOfDay } from './blackboard';

/** A deterministic number in [0, 1) from a string (FNV-1a of @npc/contracts). */
const fnv = (s: string): number => fnv1a(s) / 4294967296;

export interface BehaviorOutcome {
  status: 'succeeded' | 'failed' | 'timeout';
  decision?: DecisionBody;
  blackboard: Blackboard;
  steps: number;
}

/** Ticks `tree` for one decision. Never throws: a failing leaf fails its node. */
export async function runBehavior(tree: BehaviorTreeDefinition, bb: Blackboard, services: BehaviorServices, opts: { deadlineAt?: number; maxSteps?: number } = {}): Promise<BehaviorOutcome> {
  const pending = new Set<Promise<unknown>>();
  const leaf: LeafReporter = {
    async: (label, f) => {
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
    },
    sync: (label, f) => {
      let ok = false;
      try {
        ok = f();
      } catch {
        ok = false;
      }
      bb.trace.push(`${label} → ${ok ? 'ok' : 'failed'}`);
      return ok ? State.SUCCEEDED : State.FAILED;
    },
  };
  // One counter for the tree's chances and mistreevous's lotto: the same decision draws the same numbers.
  let chances = 0;
  const draw = (kind: string) => fnv(`${bb.seed}|${kind}|${chances++}`);

  const agent: Record<string, (...args: never[]) => boolean | State | Promise<State>> = {};
  for (const [name, f] of Object.entries(conditionLeaves(bb, draw))) {
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
  Object.assign(agent, actionLeaves(bb, services, leaf));

  const bt = new BehaviourTree(tree, agent, { random: () => draw('lotto') });
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
