/**
 * The seam to the world knowledge imported from the game server (packages/world): with a world
 * installed, items the hand-typed lexicon never had are recognised, priced and named, and questions
 * about monsters and maps are answered from it; with none, nothing changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorldKnowledge, installWorld, sampleWorld } from '@npc/world';
import { decideByRules, findItem, ITEMS, recognize } from './index';
import { makeNpc, makeRequest } from './test-fixtures';

afterEach(() => installWorld(undefined));

describe('the rules and the imported world', () => {
  it('an item only the server knows: found, sold and quoted by its own name', () => {
    expect(ITEMS.some((i) => i.name === 'Glass Bead')).toBe(false);
    expect(findItem('glass bead')).toBeUndefined();
    installWorld(new WorldKnowledge(sampleWorld()));
    expect(findItem('glass beads')).toMatchObject({ name: 'Glass Bead', price: 1400 });
    expect(recognize('how much is a glass bead?').slots.item).toBe('Glass Bead');
    // The lexicon still comes first.
    expect(findItem('red pots')?.name).toBe('Red Potion');
    const merchant = makeNpc('merchant', { services: { shop: [{ item: 'Red Potion', price: 50 }] } });
    const b = decideByRules(merchant, makeRequest('how much is a glass bead?', ['talk', 'quote_price', 'open_shop']), 's').body;
    expect(b.say).toContain('Glass Bead');
  });

  it('monsters and maps are answered from mob_db and the spawn lines', () => {
    installWorld(new WorldKnowledge(sampleWorld()));
    const guard = makeNpc('guard', { services: {} });
    const ask = (text: string) => decideByRules(guard, makeRequest(text, ['talk', 'give_directions']), 's').body;
    expect(ask('where do porings live?').say).toMatch(/Poring is a level 1 Plant of the Water element.*Prontera Fields \(prt_fild08\)/);
    expect(ask('what level is Baphomet?').say).toMatch(/Baphomet is a level 81 Demon boss/);
    expect(ask('what lives on prt_fild08?').say).toMatch(/On Prontera Fields \(prt_fild08\) you meet Poring/);
  });

  it('nothing installed: the same answers as before', () => {
    const guard = makeNpc('guard', { services: {} });
    const b = decideByRules(guard, makeRequest('what level is Baphomet?', ['talk']), 's').body;
    expect(b.say).not.toMatch(/level 81/);
  });
});
