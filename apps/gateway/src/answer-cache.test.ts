import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision } from '@npc/contracts';
import { makeDecision, playerText, type FakeLlmRequest } from '@npc/testing';
import { http } from './test-harness';
import { ask, startLlmStack, type LlmStack } from './test-llm-stack';

/** 24 different open-ended questions: small talk, lore, help, and ones the rules do not understand. */
const QUESTIONS = [
  'what do you think about the weather today', 'what is your favourite colour', 'do you like music', 'how was your day',
  'are you married', 'what do you eat for breakfast', 'do you ever sleep', 'what makes you happy',
  'who founded prontera', 'tell me the legend of the old tower', 'what is the story of geffen magic academy', 'who built the pyramids of morroc',
  'where did the orcs come from', 'what happened to glast heim', 'who is the king of rune midgard', 'why is payon cave haunted',
  'i need help', 'how does this game work', 'what should i do now', 'can you help me please',
  'purple monkey dishwasher', 'the moon is made of cheese', 'blorp zigzag quantum', 'seventeen umbrellas dancing',
];

/** The fake provider answers each question with a line that names it, so a crossed answer shows. */
function echoQuestion(req: FakeLlmRequest) {
  const q = playerText(req.messages);
  return { kind: 'ok' as const, content: { ...makeDecision(req, req.allowedActions), say: `About "${q}": a fine question.` } };
}

const feedback = (st: LlmStack, decisionId: string, rating: number) =>
  http(st.s.url, 'POST', `/v1/decisions/${decisionId}/feedback`, { key: st.s.keys.game, body: { rating } });

describe('the answer cache answers only the question asked (LLM route, fake provider, over HTTP)', () => {
  let st: LlmStack;
  beforeAll(async () => {
    st = await startLlmStack();
    st.primary.setBehaviour(echoQuestion);
    st.secondary.setBehaviour(echoQuestion);
  });
  afterAll(async () => st?.close());

  it('24 different open-ended questions, each asked by two players: never another question\'s answer; the repeat is a hit; a −1 evicts', async () => {
    const player = (i: number, round: number) => ({ player: { id: `p-${round}-${i}`, name: `Hero${round}x${i}`, level: 12 } });
    const first: Decision[] = [];
    for (const [i, q] of QUESTIONS.entries()) first.push(Decision.parse((await ask(st, q, player(i, 1))).body));
    const second: Decision[] = [];
    for (const [i, q] of QUESTIONS.entries()) second.push(Decision.parse((await ask(st, q, player(i, 2))).body));

    const crossed = [...first, ...second].filter((d, k) => !d.say.includes(QUESTIONS[k % QUESTIONS.length]!));
    const hits = second.filter((d) => d.source === 'cache').length;
    const llm = first.filter((d) => d.source === 'llm').length;
    console.log(`answer cache: ${QUESTIONS.length} open-ended questions × 2 players → ${llm} LLM answers, ${hits} cache hits, ${crossed.length} answers to another question`);
    expect(llm).toBe(QUESTIONS.length);
    expect(crossed).toEqual([]);
    expect(hits).toBe(QUESTIONS.length);
    expect(second.every((d) => d.costUsd === 0)).toBe(true);

    // −1 on a cached answer evicts it: the same question goes to the provider again.
    const calls = st.primary.calls().length;
    expect((await feedback(st, second[0]!.decisionId, -1)).status).toBe(201);
    const again = Decision.parse((await ask(st, QUESTIONS[0]!, player(0, 3))).body);
    expect(again.source).toBe('llm');
    expect(st.primary.calls().length).toBe(calls + 1);
    // …and so does −1 on the LLM answer itself (its cache entry found through the decision).
    expect((await feedback(st, first[1]!.decisionId, -1)).status).toBe(201);
    expect(Decision.parse((await ask(st, QUESTIONS[1]!, player(1, 3))).body).source).toBe('llm');
    // A 0 or +1 keeps it.
    expect((await feedback(st, second[2]!.decisionId, 1)).status).toBe(201);
    expect(Decision.parse((await ask(st, QUESTIONS[2]!, player(2, 3))).body).source).toBe('cache');
    // The feedback was stored either way, and every decision reached PostgreSQL.
    expect(await st.s.repos.feedback.listForDecision(second[0]!.decisionId)).toMatchObject([{ rating: -1 }]);
    for (const d of [...first, ...second]) await expect.poll(() => st.s.repos.decisions.get(d.decisionId), { timeout: 10_000 }).not.toBeNull();
  });

  it('an answer that quotes the player (zeny, job, a context value) is not shared with another player', async () => {
    st.primary.setBehaviour((req) => {
      const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
      const zeny = /zeny (\d+)/.exec(user)?.[1] ?? '0';
      return { kind: 'ok', content: { ...makeDecision(req, req.allowedActions), say: `With ${zeny} zeny you could buy a song.` } };
    });
    const q = 'sing me a song about money';
    const a = Decision.parse((await ask(st, q, { player: { id: 'rich', name: 'Croesus', level: 12, zeny: 987654 } })).body);
    expect(a.source).toBe('llm');
    expect(a.say).toContain('987654');
    const b = Decision.parse((await ask(st, q, { player: { id: 'poor', name: 'Lazarus', level: 12, zeny: 5 } })).body);
    expect(b.source).toBe('llm');
    expect(b.say).not.toContain('987654');
    st.primary.setBehaviour(echoQuestion);
  });
});
