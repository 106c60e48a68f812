import type { Redis } from 'ioredis';
import { DEFAULT_DEADLINE_POLICY, routeDecision, type DeadlinePolicy } from '@npc/agent';
import type { DecisionEnvelope, DecisionQueue, DecisionSource, Intent, IntentGuess, StageResult } from '@npc/contracts';
import { decideByRules } from '@npc/rules';
import { answer, byRules, recognitionOf, type AnswerContext } from '../answer/answer';
import { StageNpcs } from '../transport/job-npc';
import { byAgentOrNothing, stageAgent, type StageAgentDeps } from './stage-agent';

/** The intent model's answer for one text. */
export interface IntentPrediction {
  intent: Intent;
  confidence: number;
}

/** Who settled the intent: the trained model or the rules recognizer. */
export interface CombinedIntent {
  intent: IntentGuess;
  by: 'model' | 'rules';
}

export interface InferenceStageDeps extends StageAgentDeps {
  redis: Redis;
  prefix: string;
  /** DECISION_SHARDS (default 1): where finalize writes the record and its log entry. */
  shards?: number | undefined;
  ttlSeconds: number;
  /** Names this process in stored records (`worker-inference:<host>:<pid>`). */
  answeredBy: string;
  /**
   * The model's prediction (through the micro-batcher, so concurrent jobs share one session run);
   * undefined when no model is loaded. A rejection is treated as "no prediction" (rules stand in).
   */
  predict(text: string): Promise<IntentPrediction | undefined>;
  /** How the rules' guess and the model's prediction combine (`combineIntents` of @npc/intent-model). */
  combine(rules: IntentGuess, model: IntentPrediction): CombinedIntent;
  /** A model-decided intent at or above this confidence is a known, learnt pattern: answered here, source `model`. */
  modelConfident: number;
  /** The LLM route: its workers' heartbeats. Absent: never forward. */
  llm?: { status: { readonly available: boolean } };
  /** Sends the envelope (hops already appended, recognition refined) to the next queue. */
  forward(queue: DecisionQueue, envelope: DecisionEnvelope): Promise<void>;
  /** Which deadlines are worth the LLM, and how much time must be left to forward to paid work (default `DEFAULT_DEADLINE_POLICY`). */
  deadlines?: DeadlinePolicy;
  /** Resolves the NPC a job refers to; default one over `redis`/`prefix`. */
  npcs?: StageNpcs;
}

export interface InferenceStageResult extends StageResult {
  /** Who answered (absent when forwarded or already answered). */
  source?: DecisionSource;
  /** Who settled the intent. */
  intentBy: 'model' | 'rules';
  intent: IntentGuess;
}

/**
 * The inference stage: the trained model (micro-batched) reads the player's text, and `combine`
 * settles the intent between its prediction and the gateway's recognition (carried in the envelope,
 * not made again); the refined recognition (`by: 'model'` when the model settled it) travels on. A known, learnt pattern (the model decided it with
 * confidence ≥ `modelConfident`) is answered here by the rules responders with that recognition
 * (source `model`); otherwise the router decides: the LLM when it is worth it, available and the
 * deadline allows (forwarded, hops appended), else the rules answer here (source `model` when the
 * model settled the intent, `rules` otherwise). A job whose deadline has passed never goes on to
 * paid work; it is still answered (cheap, and the stored decision serves GET and retries).
 */
export function createInferenceStage(deps: InferenceStageDeps) {
  const agent = stageAgent(deps);
  const deadlines = deps.deadlines ?? DEFAULT_DEADLINE_POLICY;
  const ctx: AnswerContext = { redis: deps.redis, prefix: deps.prefix, shards: deps.shards, ttlSeconds: deps.ttlSeconds, answeredBy: deps.answeredBy, ...(agent ? { memory: agent } : {}) };

  const answerHere = async (envelope: DecisionEnvelope, source: DecisionSource) => {
    // A behaviour tree's Model leaf: the rules responders on the model's intent, when the model settled it.
    const made = agent ? await byAgentOrNothing(agent, envelope, deps.log, {
      source,
      ...(source === 'model' ? { leaves: (p) => ({
        model: async () => decideByRules(p.npc, p.request, envelope.decisionId, { memory: p.recall, recognition: p.recognition, ...(p.dialogue ? { dialogue: p.dialogue } : {}), ...(p.defaultLanguage ? { defaultLanguage: p.defaultLanguage } : {}) }).body,
      }) } : {}),
    }) : undefined;
    return (await answer(ctx, envelope, made ?? byRules(envelope, source))).outcome;
  };

  const npcs = deps.npcs ?? new StageNpcs(deps.redis, deps.prefix);
  return async function processInferenceJob(data: unknown): Promise<InferenceStageResult> {
    const received = await npcs.envelopeOf(data);
    const { request, npc } = received;
    const text = request.event.text ?? '';
    // The gateway's recognition, refined: the model may settle the intent. Never recognised again.
    const byRulesRec = recognitionOf(received);
    const prediction = text.trim()
      ? await deps.predict(text).catch((err: unknown) => {
        deps.log?.warn({ err: String(err), decisionId: received.decisionId }, 'model prediction failed: the rules recognizer stands in');
        return undefined;
      })
      : undefined;
    const combined: CombinedIntent = prediction ? deps.combine(byRulesRec.intent, prediction) : { intent: byRulesRec.intent, by: 'rules' };
    const envelope: DecisionEnvelope = { ...received, recognition: { ...byRulesRec, intent: combined.intent, by: combined.by } };
    const source: DecisionSource = combined.by === 'model' ? 'model' : 'rules';
    const done = async (src: DecisionSource): Promise<InferenceStageResult> => ({
      decisionId: envelope.decisionId, outcome: await answerHere(envelope, src), source: src, intentBy: combined.by, intent: combined.intent,
    });

    // A known, learnt pattern: the model's intent, the rules' responders.
    if (combined.by === 'model' && combined.intent.confidence >= deps.modelConfident) return done('model');

    const hops: DecisionQueue[] = envelope.hops.includes('inference') ? [...envelope.hops] : [...envelope.hops, 'inference'];
    const llmOpen = Boolean(deps.llm?.status.available) && deadlines.paidWorkMayStart(envelope.deadlineAt);
    const next = routeDecision({ request, npc, hops, intent: combined.intent }, { llmAvailable: llmOpen, modelAvailable: true, deadlines });
    if (next === 'llm') {
      try {
        await deps.forward('llm', { ...envelope, hops: [...hops, 'llm'] });
        return { decisionId: envelope.decisionId, outcome: 'forwarded', forwardedTo: 'llm', intentBy: combined.by, intent: combined.intent };
      } catch (err) {
        deps.log?.warn({ err: String(err), decisionId: envelope.decisionId }, 'could not forward to the LLM queue: answering here');
      }
    }
    return done(source);
  };
}
