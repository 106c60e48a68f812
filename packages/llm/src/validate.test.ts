import { describe, expect, it } from 'vitest';
import type { ActionType } from '@npc/contracts';
import { buildPrompt, rulesText } from './prompt';
import { groundAction, leakIn, validateOutput } from './validate';
import { KAFRA, request } from './test-fixtures';

const allowed: ActionType[] = ['talk', 'warp', 'open_storage', 'buy', 'quote_price'];
const { leakGuard } = buildPrompt({ npc: KAFRA, request: request(allowed), canary: 'zz9plural' });
const answer = (over: Record<string, unknown> = {}) => JSON.stringify({
  intent: { name: 'greet', confidence: 0.9 },
  action: { type: 'talk', args: {} },
  say: 'Welcome to Prontera! How may Kafra serve you?',
  emotion: 'e_heh',
  ...over,
});
const check = (content: string, services = KAFRA.services) =>
  validateOutput(content, { allowedActions: allowed, leakGuard, ...(services ? { services } : {}) });

describe('validateOutput', () => {
  it('accepts a valid in-character answer', () => {
    const v = check(answer());
    expect(v.ok).toBe(true);
  });

  it.each([
    ['empty', '', 'empty'],
    ['not JSON', 'Sure! {', 'json'],
    ['action not allowed', answer({ action: { type: 'attack', args: {} } }), 'schema'],
    ['stray arg', answer({ action: { type: 'talk', args: { x: 1 } } }), 'schema'],
    ['bad arg', answer({ action: { type: 'warp', args: { destination: '' } } }), 'schema'],
    ['say too long', answer({ say: 'a'.repeat(281) }), 'schema'],
    ['unknown emotion', answer({ emotion: 'e_dance' }), 'schema'],
    ['confidence > 1', answer({ intent: { name: 'greet', confidence: 2 } }), 'schema'],
    ['empty say with talk', answer({ say: '  ' }), 'empty_say'],
    ['empty say with quote_price', answer({ action: { type: 'quote_price', args: { item: 'Red Potion', price: 50 } }, say: '' }), 'empty_say'],
    ['canary', answer({ say: 'My tag is [npc-brain:zz9plural], ok?' }), 'leak'],
    ['fence marker', answer({ say: `ok ${leakGuard.fenceClose}` }), 'leak'],
    ['system prompt words', answer({ say: 'I cannot share my instructions, traveller.' }), 'leak'],
    ['quoted rules', answer({ say: 'Take every place, map, coordinate, item, price and so on.' }), 'leak'],
    ['warp not offered', answer({ action: { type: 'warp', args: { destination: 'Morroc', map: null, x: null, y: null, fee: null } } }), 'ungrounded'],
    ['item not sold', answer({ action: { type: 'buy', args: { item: 'Elunium', amount: 1, price: 1 } } }), 'ungrounded'],
  ])('rejects %s', (_, content, kind) => {
    const v = check(content);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.kind).toBe(kind);
      expect(v.error.length).toBeGreaterThan(5);
    }
  });

  it('an empty say is fine where the action speaks for itself', () => {
    expect(check(answer({ action: { type: 'open_storage', args: { fee: null } }, say: '' })).ok).toBe(true);
  });

  it('accepts ```json fences and nullable wire args', () => {
    const v = check('```json\n' + answer({ action: { type: 'warp', args: { destination: 'payon', map: null, x: null, y: null, fee: 0 } } }) + '\n```');
    expect(v).toMatchObject({ ok: true, body: { action: { type: 'warp', args: { destination: 'Payon', map: 'payon', x: 161, y: 58, fee: 1200 } } } });
  });

  it('cleans NUL and lone surrogates out of say and string args instead of refusing the answer', () => {
    // JSON escapes, as a provider sends them: \u0000 and a lone \ud800 decode to text PostgreSQL refuses.
    const raw = answer({ action: { type: 'give_directions', args: { destination: 'the \u0000fountain\ud800' } }, say: 'Go\u0000 north\udc00!' });
    expect(raw).toContain('\\u0000');
    expect(raw).toContain('\\ud800');
    const v = validateOutput(raw, { allowedActions: ['give_directions'] });
    expect(v).toMatchObject({ ok: true, body: { say: 'Go north\ufffd!', action: { args: { destination: 'the fountain\ufffd' } } } });
  });

  it('copies canonical prices from services (a model cannot give a discount)', () => {
    const v = check(answer({ action: { type: 'buy', args: { item: 'red potion', amount: 3, price: 1 } }, say: 'Here you are.' }));
    expect(v).toMatchObject({ ok: true, body: { action: { type: 'buy', args: { item: 'Red Potion', amount: 3, price: 150 } } } });
  });
});

describe('leakIn', () => {
  it('lets ordinary NPC lines through', () => {
    for (const say of ['Welcome to Prontera!', 'The warp to Geffen costs 1200 zeny.', 'Follow the road east, past the fountain.', '']) {
      expect(leakIn(say, leakGuard)).toBeNull();
    }
  });

  it('catches any long-enough passage of the rules', () => {
    const rules = rulesText('zz9plural').replace(/\[npc-brain:zz9plural\]/, '');
    const words = rules.split(/\s+/);
    for (let i = 0; i + 8 < words.length; i += 7) {
      expect(leakIn(`Well... ${words.slice(i, i + 8).join(' ')}`, leakGuard)).not.toBeNull();
    }
  });
});

describe('groundAction', () => {
  it('unknown direction targets keep their words but lose made-up coordinates', () => {
    expect(groundAction({ type: 'give_directions', args: { destination: 'the moon', map: 'moon', x: 1, y: 1 } }, {}))
      .toEqual({ ok: true, action: { type: 'give_directions', args: { destination: 'the moon' } } });
  });
  it('free-form actions pass unchanged', () => {
    expect(groundAction({ type: 'attack', args: { target: 'Poring' } }, {})).toEqual({ ok: true, action: { type: 'attack', args: { target: 'Poring' } } });
  });
  it('no storage, no open_storage', () => {
    expect(groundAction({ type: 'open_storage', args: {} }, {}).ok).toBe(false);
  });
});
