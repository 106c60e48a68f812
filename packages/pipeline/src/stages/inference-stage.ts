import type { Redis } from 'ioredis';
import { routeDecision, type AgentLogger, type AgentRuntime } from '@npc/agent';
import type { DecisionEnvelope, DecisionQueue, DecisionSource, Intent, IntentGuess, StageResult } from '@npc/contracts';
import { decideByRules, recognize, type Recognition } from '@npc/rules';
import { scalingOf, toRecord } from '../answer/answer';
import { finalizeDecision } from '../answer/finalize';
import { StageNpcs } from '../transport/job-npc';
import { defaultAgent, type AgentOptions } from './rules-stage';

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

export interface InferenceStageDeps {
  redis: Redis;
  prefix: string;
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
  /** The LLM route: its workers' heartbeats and the shortest deadline worth a call. Absent: never forward. */
  llm?: { status: { readonly available: boolean }; minDeadlineMs?: number };
  /** Sends the envelope (hops already appended) to the next queue. */
  forward(queue: DecisionQueue, envelope: DecisionEnvelope): Promise<void>;
  /** Do not forward to paid work with less time left than this before the deadline (ms, default 50). */
  minTimeMs?: number;
  /** The agent (memory, behaviour trees); default one over `redis`/`prefix`; `false`: plain rules. */
  agent?: AgentRuntime | false;
  log?: AgentLogger;
  agentOptions?: AgentOptions;
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
 * The inference stage: the rules recognizer and the trained model (micro-batched) both read the
 * player's text; `combine` settles the intent. A known, learnt pattern (the model decided it with
 * confidence ≥ `modelConfident`) is answered here by the rules responders with that recognition
 * (source `model`); otherwise the router decides: the LLM when it is worth it, available and the
 * deadline allows (forwarded, hops appended), else the rules answer here (source `model` when the
 * model settled the intent, `rules` otherwise). A job whose deadline has passed never goes on to
 * paid work; it is still answered (cheap, and the stored decision serves GET and retries).
 */
export function createInferenceStage(deps: InferenceStageDeps) {
  const agent = deps.agent === false ? undefined : deps.agent ?? defaultAgent(deps.redis, deps.prefix, deps.log, deps.agentOptions);
  const minTime = deps.minTimeMs ?? 50;
  const fin = { prefix: deps.prefix, ttlSeconds: deps.ttlSeconds };

  const answer = async (envelope: DecisionEnvelope, recognition: Recognition, source: DecisionSource): Promise<'answered' | 'already-answered'> => {
    if (agent) {
      try {
        const prepared = await agent.prepare(envelope.npc, envelope.request, recognition, envelope.defaultLanguage ? { defaultLanguage: envelope.defaultLanguage } : {});
        // A behaviour tree's Model leaf: the rules responders on the model's intent, when the model settled it.
        const model = source === 'model'
          ? async () => decideByRules(prepared.npc, prepared.request, envelope.decisionId, { memory: prepared.recall, recognition, ...(prepared.dialogue ? { dialogue: prepared.dialogue } : {}), ...(prepared.defaultLanguage ? { defaultLanguage: prepared.defaultLanguage } : {}) }).body
          : undefined;
        const decided = await agent.decide(prepared, { seed: envelope.decisionId, deadlineAt: envelope.deadlineAt, ...(model ? { model } : {}) });
        const final = await finalizeDecision(deps.redis, toRecord(envelope, decided.body, { source: decided.decidedBy === 'model' ? 'model' : source, answeredBy: deps.answeredBy }), envelope.replyTo, { ...fin, scaling: scalingOf(envelope, decided) });
        await agent.remember(final.record, decided);
        return final.won ? 'answered' : 'already-answered';
      } catch (err) {
        deps.log?.warn({ err: String(err), decisionId: envelope.decisionId }, 'agent failed: answering by plain rules');
      }
    }
    const { body } = decideByRules(envelope.npc, envelope.request, envelope.decisionId, { recognition, ...(envelope.defaultLanguage ? { defaultLanguage: envelope.defaultLanguage } : {}) });
    const { won } = await finalizeDecision(deps.redis, toRecord(envelope, body, { source, answeredBy: deps.answeredBy }), envelope.replyTo, { ...fin, scaling: scalingOf(envelope) });
    return won ? 'answered' : 'already-answered';
  };

  const npcs = deps.npcs ?? new StageNpcs(deps.redis, deps.prefix);
  return async function processInferenceJob(data: unknown): Promise<InferenceStageResult> {
    const envelope = await npcs.envelopeOf(data);
    const { request, npc } = envelope;
    const text = request.event.text ?? '';
    const byRules = recognize(request.event.text, { eventType: request.event.type });
    const prediction = text.trim()
      ? await deps.predict(text).catch((err: unknown) => {
        deps.log?.warn({ err: String(err), decisionId: envelope.decisionId }, 'model prediction failed: the rules recognizer stands in');
        return undefined;
      })
      : undefined;
    const combined: CombinedIntent = prediction ? deps.combine(byRules.intent, prediction) : { intent: byRules.intent, by: 'rules' };
    const recognition: Recognition = { ...byRules, intent: combined.intent };
    const source: DecisionSource = combined.by === 'model' ? 'model' : 'rules';
    const done = async (src: DecisionSource): Promise<InferenceStageResult> => ({
      decisionId: envelope.decisionId, outcome: await answer(envelope, recognition, src), source: src, intentBy: combined.by, intent: combined.intent,
    });

    // A known, learnt pattern: the model's intent, the rules' responders.
    if (combined.by === 'model' && combined.intent.confidence >= deps.modelConfident) return done('model');

    const hops: DecisionQueue[] = envelope.hops.includes('inference') ? [...envelope.hops] : [...envelope.hops, 'inference'];
    const timeLeft = envelope.deadlineAt - Date.now();
    const llmOpen = Boolean(deps.llm?.status.available) && timeLeft > minTime;
    const next = routeDecision(
      { request, npc, hops, intent: combined.intent },
      { llmAvailable: llmOpen, modelAvailable: true, ...(deps.llm?.minDeadlineMs !== undefined ? { llmMinDeadlineMs: deps.llm.minDeadlineMs } : {}) },
    );
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
