/**
 * The agent of one decision, as a stage runs it:
 *
 *   prepare  — recognise, read memory + world news (one Redis round trip), recall the top memories,
 *              apply world price changes to the NPC's services;
 *   decide   — tick the NPC's behaviour tree (if it has one) with the blackboard, leaves calling the
 *              rules / the LLM route / the registry; otherwise (or when the tree decides nothing)
 *              the rules with memory; the result always passes `decisionBodyFor(allowedActions)`;
 *   remember — after finalize, write what happened (best effort: logged, never thrown).
 */
import {
  decisionBodyFor, type DecisionBody, type DecisionRecord, type DecisionRequest, type MemoryRecall, type Npc,
} from '@npc/contracts';
import { decideByRules, recognize, type Recognition, type RespondTuning } from '@npc/rules';
import { validateBehaviorTree, type BehaviorTreeDefinition } from './behavior/definition';
import { runBehavior, timeOfDay, type BehaviorOutcome, type BehaviorServices } from './behavior/run';
import type { ClaimResult, LeaseManager } from './coordination/leases';
import { emptyRecall, type MemorySnapshot, type MemoryStore, type RememberResult } from './memory/store';
import { applyWorldPrices } from './memory/world';

export interface AgentLogger {
  warn(obj: object, msg: string): void;
}

export interface AgentRuntimeDeps {
  /** Memory and world news; without it NPCs meet everyone for the first time. */
  memory?: MemoryStore;
  /** The intention registry; without it `Claim` leaves fail. */
  leases?: LeaseManager;
  log?: AgentLogger;
  /** The clock (tests). */
  now?: () => number;
}

export interface PreparedDecision {
  /** The NPC as it acts now (world price changes applied). */
  npc: Npc;
  request: DecisionRequest;
  recognition: Recognition;
  recall: MemoryRecall;
  snapshot?: MemorySnapshot;
  /** ms spent reading memory (0 without memory). */
  memoryMs: number;
}

export interface AgentDecision {
  prepared: PreparedDecision;
  body: DecisionBody;
  /** Who decided: the rules, or a tree leaf that asked the LLM / the model. */
  decidedBy: 'rules' | 'behavior' | 'llm' | 'model';
  behavior?: {
    status: BehaviorOutcome['status'];
    trace: string[];
    claims: ClaimResult[];
    released: string[];
    deferredTo?: string;
  };
}

export interface DecideOptions {
  /** Seeds wording and chance leaves (the decision id). */
  seed: string;
  deadlineAt?: number;
  /** The LLM route as a leaf (LLM stage). `usedLlm` tells the caller the answer is the LLM's. */
  llm?: () => Promise<DecisionBody | null>;
  model?: () => Promise<DecisionBody | null>;
}

const TREE_CACHE_MAX = 2000;

export class AgentRuntime {
  private readonly trees = new Map<string, BehaviorTreeDefinition | null>();
  private readonly now: () => number;

  constructor(private readonly deps: AgentRuntimeDeps = {}) {
    this.now = deps.now ?? Date.now;
  }

  get memory(): MemoryStore | undefined {
    return this.deps.memory;
  }

  get leases(): LeaseManager | undefined {
    return this.deps.leases;
  }

  /** Recognition, memory and world news for a decision. Never throws: without memory, a stranger. */
  async prepare(npc: Npc, request: DecisionRequest, recognition?: Recognition): Promise<PreparedDecision> {
    const rec = recognition ?? recognize(request.event.text, { eventType: request.event.type });
    let snapshot: MemorySnapshot | undefined;
    let recall = emptyRecall(this.now());
    const started = performance.now();
    if (this.deps.memory) {
      try {
        snapshot = await this.deps.memory.load(npc.id, request.player.id);
        recall = this.deps.memory.recall(snapshot, request, rec, this.now());
      } catch (err) {
        this.deps.log?.warn({ err: String(err), npcId: npc.id }, 'memory unavailable: deciding without it');
      }
    }
    const memoryMs = this.deps.memory ? performance.now() - started : 0;
    return { npc: applyWorldPrices(npc, recall.news), request, recognition: rec, recall, ...(snapshot ? { snapshot } : {}), memoryMs };
  }

  /** The decision: the NPC's behaviour tree, else the rules; always valid for `allowedActions`. */
  async decide(p: PreparedDecision, opts: DecideOptions): Promise<AgentDecision> {
    const rules = (tuning: RespondTuning, only?: DecisionRequest['allowedActions']): DecisionBody =>
      decideByRules(p.npc, only ? { ...p.request, allowedActions: only } : p.request, opts.seed, { memory: p.recall, tuning, recognition: p.recognition }).body;
    const check = decisionBodyFor(p.request.allowedActions);
    const tree = this.treeOf(p.npc);
    if (!tree) return { prepared: p, body: rules({}), decidedBy: 'rules' };

    let usedLlm = false;
    let usedModel = false;
    const services: BehaviorServices = {
      rules,
      ...(opts.llm ? { llm: async () => {
        const d = await opts.llm?.();
        if (d) usedLlm = true;
        return d ?? null;
      } } : {}),
      ...(opts.model ? { model: async () => {
        const d = await opts.model?.();
        if (d) usedModel = true;
        return d ?? null;
      } } : {}),
      ...(this.deps.leases ? { leases: this.leaseLeaves(p.npc, opts.deadlineAt) } : {}),
    };
    const outcome = await runBehavior(tree, {
      npc: p.npc, request: p.request, recognition: p.recognition, memory: p.recall, seed: opts.seed,
      now: this.now(), time: timeOfDay(p.request, this.now()), tuning: {}, claims: [], released: [], trace: [],
    }, services, opts.deadlineAt === undefined ? {} : { deadlineAt: opts.deadlineAt });
    const bb = outcome.blackboard;
    const behavior = {
      status: outcome.status, trace: bb.trace, claims: bb.claims, released: bb.released,
      ...(bb.deferredTo ? { deferredTo: bb.deferredTo } : {}),
    };
    const decided = outcome.decision ? check.safeParse(outcome.decision) : undefined;
    if (decided?.success) {
      const last = bb.decision === outcome.decision;
      return { prepared: p, body: decided.data, decidedBy: usedLlm && last ? 'llm' : usedModel && last ? 'model' : 'behavior', behavior };
    }
    return { prepared: p, body: rules(bb.tuning), decidedBy: 'rules', behavior };
  }

  /** After finalize: remember what was decided (the record that won). Best effort: never throws. */
  async remember(record: DecisionRecord, decided: Pick<AgentDecision, 'prepared' | 'behavior'>): Promise<RememberResult | null> {
    const memory = this.deps.memory;
    if (!memory) return null;
    try {
      const deferredTo = decided.behavior?.deferredTo;
      return await memory.remember(record, decided.prepared.npc, decided.prepared.snapshot, deferredTo ? { deferredTo } : {});
    } catch (err) {
      this.deps.log?.warn({ err: String(err), decisionId: record.decision.decisionId }, 'could not remember a decision');
      return null;
    }
  }

  /** The NPC's validated tree (cached per NPC version), or null when it has none (or an invalid one). */
  treeOf(npc: Pick<Npc, 'id' | 'updatedAt' | 'behaviorTree'>): BehaviorTreeDefinition | null {
    if (npc.behaviorTree === undefined || npc.behaviorTree === null) return null;
    const key = `${npc.id}|${npc.updatedAt}`;
    const hit = this.trees.get(key);
    if (hit !== undefined) return hit;
    const v = validateBehaviorTree(npc.behaviorTree);
    if (!v.ok) this.deps.log?.warn({ npcId: npc.id, path: v.path, err: v.message }, 'invalid behaviour tree ignored');
    const tree = v.ok ? v.tree : null;
    if (this.trees.size >= TREE_CACHE_MAX) this.trees.clear();
    this.trees.set(key, tree);
    return tree;
  }

  private leaseLeaves(npc: Npc, deadlineAt: number | undefined): NonNullable<BehaviorServices['leases']> {
    const leases = this.deps.leases as LeaseManager;
    return {
      claim: (resource, o) => leases.claim(resource, npc.id, { ...o, holderName: npc.name, ...(deadlineAt === undefined ? {} : { deadlineAt }) }),
      releaseHeld: (resource) => leases.releaseHeld(resource, npc.id),
    };
  }
}
