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

  it("a world question in Portuguese, Spanish or Indonesian is answered in the player's language, names kept as the game's", () => {
    installWorld(new WorldKnowledge(sampleWorld()));
    const guard = makeNpc('guard', { services: {} });
    const ask = (text: string) => decideByRules(guard, makeRequest(text, ['talk', 'give_directions']), 's').body;
    const cases: [string, string, RegExp, RegExp][] = [
      ['pt-BR', 'onde vivem os porings?', /Poring é um Planta de nível 1, do elemento Água.*Vive em .*Prontera Fields \(prt_fild08\)/, /Em Prontera Fields \(prt_fild08\) você encontra Poring/],
      ['es', '¿dónde viven los porings?', /Poring es un Planta de nivel 1 del elemento Agua.*Vive en .*Prontera Fields \(prt_fild08\)/, /En Prontera Fields \(prt_fild08\) encontrarás Poring/],
      ['id', 'poring tinggal di mana?', /Poring adalah Tumbuhan level 1 berelemen Air.*Tinggal di .*Prontera Fields \(prt_fild08\)/, /Di Prontera Fields \(prt_fild08\) kamu akan bertemu Poring/],
    ];
    for (const [lang, monsterQ, monsterA, mapA] of cases) {
      const b = ask(monsterQ);
      expect(b.language, monsterQ).toBe(lang);
      expect(b.say).toMatch(monsterA);
      expect(b.say).not.toMatch(/ is a level | lives in /);
      const mapQ = { 'pt-BR': 'o que tem em prt_fild08?', es: '¿qué hay en prt_fild08?', id: 'ada apa di prt_fild08?' }[lang]!;
      const m = ask(mapQ);
      expect(m.language, mapQ).toBe(lang);
      expect(m.say).toMatch(mapA);
    }
    // A boss in Spanish: "jefe", its element and size in the catalog's words.
    expect(ask('¿de qué nivel es Baphomet?').say).toMatch(/Baphomet es un Demonio jefe de nivel 81 del elemento Oscuro/);
  });

  it('nothing installed: the same answers as before', () => {
    const guard = makeNpc('guard', { services: {} });
    const b = decideByRules(guard, makeRequest('what level is Baphomet?', ['talk']), 's').body;
    expect(b.say).not.toMatch(/level 81/);
  });
});
