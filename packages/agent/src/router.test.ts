import { describe, expect, it } from 'vitest';
import { describePersonality, routeDecision } from './index';

const base = { request: { event: { type: 'talk' as const, text: 'warp me to geffen' }, allowedActions: ['warp' as const, 'talk' as const], deadlineMs: 200 }, npc: { role: 'kafra' as const }, hops: [] };

describe('routeDecision', () => {
  it('sends everything to rules while no model or LLM is available', () => {
    expect(routeDecision(base)).toBe('rules');
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

describe('describePersonality', () => {
  it('names strong traits and calls a neutral NPC even-tempered', () => {
    expect(describePersonality({ openness: 0.5, conscientiousness: 0.5, extraversion: 0.9, agreeableness: 0.1, neuroticism: 0.5 })).toBe('outgoing, blunt');
    expect(describePersonality()).toBe('even-tempered');
  });
});
