import { describe, expect, it } from 'vitest';
import { DeadlinePolicy, describePersonality, routeDecision } from './index';

const base = {
  request: { event: { type: 'talk' as const, text: 'who founded prontera?' }, allowedActions: ['talk' as const, 'emote' as const], deadlineMs: 2000 },
  npc: { role: 'townsperson' as const },
  hops: [],
  intent: { name: 'lore' as const, confidence: 0.9 },
};
const llm = { llmAvailable: true, modelAvailable: false };

describe('routeDecision', () => {
  it('sends everything to rules while no model or LLM is available', () => {
    expect(routeDecision(base)).toBe('rules');
  });
  it('sends open-ended requests to the LLM when it is available and the deadline allows', () => {
    expect(routeDecision(base, llm)).toBe('llm');
    expect(routeDecision({ ...base, intent: { name: 'smalltalk', confidence: 0.9 } }, llm)).toBe('llm');
    expect(routeDecision({ ...base, request: { ...base.request, deadlineMs: 300 } }, llm)).toBe('rules');
    expect(routeDecision({ ...base, request: { ...base.request, deadlineMs: 300 } }, { ...llm, deadlines: new DeadlinePolicy({ llmMinDeadlineMs: 200 }) })).toBe('llm');
  });
  it('keeps confident transactional intents on rules, but not unsure ones', () => {
    expect(routeDecision({ ...base, intent: { name: 'warp', confidence: 0.9 } }, llm)).toBe('rules');
    expect(routeDecision({ ...base, intent: { name: 'warp', confidence: 0.3 } }, llm)).toBe('llm');
  });
  it('prefers the model, then the LLM, and never revisits a queue', () => {
    const all = { llmAvailable: true, modelAvailable: true };
    expect(routeDecision(base, all)).toBe('inference');
    expect(routeDecision({ ...base, hops: ['inference'] }, all)).toBe('llm');
    expect(routeDecision({ ...base, hops: ['inference', 'llm'] }, all)).toBe('rules');
  });
  it('keeps silent events, silent-only actions and very short deadlines on rules', () => {
    const all = { llmAvailable: true, modelAvailable: true };
    expect(routeDecision({ ...base, request: { ...base.request, event: { type: 'idle' } } }, all)).toBe('rules');
    expect(routeDecision({ ...base, request: { ...base.request, allowedActions: ['emote', 'ignore'] } }, all)).toBe('rules');
    expect(routeDecision({ ...base, request: { ...base.request, deadlineMs: 20 } }, all)).toBe('rules');
  });
});

describe('DeadlinePolicy', () => {
  it('says, for a request, when each stage gives up and when the gateway falls back', () => {
    const p = new DeadlinePolicy({ marginMs: 5, fastPathMs: 40, llmMinDeadlineMs: 300, paidWorkMinLeftMs: 60 });
    expect([p.rulesOnly(39), p.rulesOnly(40)]).toEqual([true, false]);
    expect([p.allowsLlm(299), p.allowsLlm(300)]).toEqual([false, true]);
    expect([p.paidWorkMayStart(1_000, 941), p.paidWorkMayStart(1_000, 940)]).toEqual([false, true]);
    expect(p.fallbackAt(1_000)).toBe(995);
    expect([p.waitLeft(1_000, 900), p.waitLeft(1_000, 999)]).toEqual([95, 0]);
  });
  it('the router follows the policy it is given', () => {
    const all = { llmAvailable: true, modelAvailable: true };
    const short = { ...base, request: { ...base.request, deadlineMs: 100 } };
    expect(routeDecision(short, all)).toBe('inference');
    expect(routeDecision(short, { ...all, deadlines: new DeadlinePolicy({ fastPathMs: 150 }) })).toBe('rules');
  });
});

describe('describePersonality', () => {
  it('names strong traits and calls a neutral NPC even-tempered', () => {
    expect(describePersonality({ openness: 0.5, conscientiousness: 0.5, extraversion: 0.9, agreeableness: 0.1, neuroticism: 0.5 })).toBe('outgoing, blunt');
    expect(describePersonality()).toBe('even-tempered');
  });
});
