/**
 * The agent of one decision, as a stage runs it:
 *
 *   prepare  — take the decision's recognition (the gateway's, from the envelope), read memory + world news (one Redis round trip), recall the top memories,
 *              apply world price changes to the NPC's services;
 *   decide   — tick the NPC's behaviour tree (if it has one) with the blackboard, leaves calling the
 *              rules / the LLM route / the registry; otherwise (or when the tree decides nothing)
 *              the rules with memory; a tree's answer is validated here (`validated: true`), the
 *              rules' own once, in the pipeline's answer step;
 *   remember — after finalize, write what happened (best effort: logged, never thrown).
 */
import {
  decisionBodyFor, type Action, type DecisionBody, type DecisionRecord, type DecisionRequest, type DialogueState, type Language, type MemoryRecall, type Npc,
} from '@npc/contracts';
import { decideByRules, recognize, type DialogueNote, type Recognition, type RespondTuning, type RulesDecision } from '@npc/rules';
import { nextDialogue } from './dialogue/state';
import type { DialogueStore } from './dialogue/store';
import { applyScaling, isScaledAction } from './difficulty/scale';
import { defaultSkill, type SkillRating } from './difficulty/model';
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
  /** The conversation state per NPC and player (follow-ups); without it every message stands alone. */
  dialogue?: DialogueStore;
  /** Players' skill ratings (difficulty scaling while deciding, so quests are said as scaled). */
  skills?: { read(playerId: string): Promise<SkillRating | null> };
  /** The server's default language (`NPC_DEFAULT_LANGUAGE`). */
  defaultLanguage?: Language;
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
  /** The conversation with this player so far (absent: none, or no store). */
  dialogue?: DialogueState;
  /** The player's rating, read beside the memory when the message is likely about a quest or a fight. */
  skill?: SkillRating;
  /** The server's default language for this decision (the envelope's, else the agent's). */
  defaultLanguage?: Language;
}

export interface AgentDecision {
  prepared: PreparedDecision;
  body: DecisionBody;
  /** The recognition the rules acted on (a follow-up resolved against the dialogue) and what the reply leaves the conversation about. */
  rules?: Pick<RulesDecision, 'recognition' | 'note'>;
  /** Who decided: the rules, or a tree leaf that asked the LLM / the model. */
  decidedBy: 'rules' | 'behavior' | 'llm' | 'model';
  /** true when `body` was validated against the request's allowed actions here (a tree's answer); the rules' own answers are validated once, where they are stamped. */
  validated: boolean;
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

  /**
   * Memory and world news, the dialogue state and (for a likely quest or fight) the
   * player's rating for a decision: the reads are issued in one event-loop turn, so they share one
   * round trip. Never throws: without memory, a stranger; without a state, a fresh conversation.
   * `recognition`: the decision's (stages pass the envelope's); recognised here only when a caller has none (tests, tools).
   */
  async prepare(npc: Npc, request: DecisionRequest, recognition?: Recognition, opts: { defaultLanguage?: Language } = {}): Promise<PreparedDecision> {
    const rec = recognition ?? recognize(request.event.text, { eventType: request.event.type });
    let snapshot: MemorySnapshot | undefined;
    let recall = emptyRecall(this.now());
    const started = performance.now();
    const warn = (what: string) => (err: unknown) => {
      this.deps.log?.warn({ err: String(err), npcId: npc.id }, `${what} unavailable: deciding without it`);
      return undefined;
    };
    const likelyScaled = rec.intent.name === 'quest_request' || rec.intent.name === 'insult' || request.event.type === 'combat' || request.event.type === 'quest';
    const [snap, dialogue, skill] = await Promise.all([
      this.deps.memory ? this.deps.memory.load(npc.id, request.player.id).catch(warn('memory')) : undefined,
      this.deps.dialogue && request.event.text ? this.deps.dialogue.load(npc.id, request.player.id).catch(warn('dialogue')) : undefined,
      this.deps.skills && likelyScaled ? this.deps.skills.read(request.player.id).then((r) => r ?? defaultSkill()).catch(warn('skill rating')) : undefined,
    ]);
    if (snap && this.deps.memory) {
      snapshot = snap;
      recall = this.deps.memory.recall(snap, request, rec, this.now());
    }
    const memoryMs = this.deps.memory ? performance.now() - started : 0;
    const defaultLanguage = opts.defaultLanguage ?? this.deps.defaultLanguage;
    return {
      npc: applyWorldPrices(npc, recall.news), request, recognition: rec, recall, ...(snapshot ? { snapshot } : {}), memoryMs,
      ...(dialogue ? { dialogue } : {}), ...(skill ? { skill } : {}), ...(defaultLanguage ? { defaultLanguage } : {}),
    };
  }

  /** The player's rating for scaling (what prepare read, else a read now; a fresh rating when none). */
  private async skillFor(p: PreparedDecision): Promise<SkillRating> {
    if (p.skill) return p.skill;
    const read = this.deps.skills ? await this.deps.skills.read(p.request.player.id).catch(() => null) : null;
    p.skill = read ?? defaultSkill();
    return p.skill;
  }

  /** The decision: the NPC's behaviour tree, else the rules; always valid for `allowedActions`. */
  async decide(p: PreparedDecision, opts: DecideOptions): Promise<AgentDecision> {
    let last: RulesDecision | undefined;
    const scale = (skill: SkillRating) => (a: Action): Action => applyScaling(a, p.request.player, skill, p.npc);
    const rules = (tuning: RespondTuning, only?: DecisionRequest['allowedActions']): DecisionBody => {
      last = decideByRules(p.npc, only ? { ...p.request, allowedActions: only } : p.request, opts.seed, {
        memory: p.recall, tuning, recognition: p.recognition,
        ...(p.dialogue ? { dialogue: p.dialogue } : {}), ...(p.defaultLanguage ? { defaultLanguage: p.defaultLanguage } : {}),
        ...(p.skill ? { scale: scale(p.skill) } : {}),
      });
      return last.body;
    };
    const check = decisionBodyFor(p.request.allowedActions);
    const tree = this.treeOf(p.npc);
    if (!tree) {
      let body = rules({});
      // A quest or a fight the rules did not expect: scale it now and decide again, so it is said as scaled.
      if (isScaledAction(body.action.type) && !p.skill && this.deps.skills) {
        await this.skillFor(p);
        body = rules({});
      }
      return { prepared: p, body, decidedBy: 'rules', validated: false, ...(last ? { rules: { recognition: last.recognition, ...(last.note ? { note: last.note } : {}) } } : {}) };
    }

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
    const noted = (): Pick<AgentDecision, 'rules'> => (last ? { rules: { recognition: last.recognition, ...(last.note ? { note: last.note } : {}) } } : {});
    if (decided?.success) {
      const isLast = bb.decision === outcome.decision;
      return { prepared: p, body: decided.data, decidedBy: usedLlm && isLast ? 'llm' : usedModel && isLast ? 'model' : 'behavior', validated: true, behavior, ...noted() };
    }
    return { prepared: p, body: rules(bb.tuning), decidedBy: 'rules', validated: false, behavior, ...noted() };
  }

  /** After finalize: remember what was decided (the record that won), and where the conversation stands. Best effort: never throws. */
  async remember(record: DecisionRecord, decided: Pick<AgentDecision, 'prepared' | 'behavior' | 'rules'>): Promise<RememberResult | null> {
    const [result] = await Promise.all([this.rememberEpisodes(record, decided), this.rememberDialogue(record, decided)]);
    return result;
  }

  private async rememberDialogue(record: DecisionRecord, decided: Pick<AgentDecision, 'prepared' | 'rules'>): Promise<void> {
    const store = this.deps.dialogue;
    if (!store || !record.request.event.text) return;
    try {
      const p = decided.prepared;
      // The note describes the rules' own reply; another answer (the LLM's, a cached one) leaves only the topic.
      const own = decided.rules !== undefined && record.decision.source !== 'llm' && record.decision.source !== 'cache';
      const note: DialogueNote | undefined = own ? decided.rules?.note : undefined;
      const state = nextDialogue(p.dialogue, {
        recognition: decided.rules?.recognition ?? p.recognition, body: record.decision, ...(note ? { note } : {}),
        lang: record.decision.language ?? p.dialogue?.lang ?? 'en', now: record.decidedAt,
      });
      await store.save(record.npcId, record.request.player.id, state);
    } catch (err) {
      this.deps.log?.warn({ err: String(err), decisionId: record.decision.decisionId }, 'could not keep the dialogue state');
    }
  }

  private async rememberEpisodes(record: DecisionRecord, decided: Pick<AgentDecision, 'prepared' | 'behavior'>): Promise<RememberResult | null> {
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
