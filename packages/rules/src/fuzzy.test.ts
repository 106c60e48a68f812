import { describe, expect, it } from 'vitest';
import { FuzzyIndex, isTypo, listIndex, maxTypos, pickByName, typoDistance } from './fuzzy';
import { ITEM_INDEX, JOB_INDEX, TOWN_INDEX, findItem, findJob, findTown } from './entities';
import { normalize } from './normalize';

describe('typo distance', () => {
  it('scales the budget with length', () => {
    expect(maxTypos(3)).toBe(0);
    expect(maxTypos(5)).toBe(1);
    expect(maxTypos(8)).toBe(2);
    expect(maxTypos(14)).toBe(3);
  });

  it('counts an adjacent swap as one edit', () => {
    expect(typoDistance('potoin', 'potion')).toBe(1);
    expect(typoDistance('abc', 'abc')).toBe(0);
    expect(isTypo('bow', 'how')).toBeUndefined();
    expect(isTypo('there', 'where')).toBeUndefined();
  });
});

describe('gazetteer lookups', () => {
  it.each([
    ['prontra', 'Prontera'], ['geffn', 'Geffen'], ['prt', 'Prontera'], ['al de baran', 'Al De Baran'], ['aldebaran', 'Al De Baran'],
    ['morocc', 'Morroc'], ['yuno', 'Juno'], ['glast heim', 'Glast Heim'], ['payon cave', 'Payon Cave'], ['culvert', 'Prontera Culvert'],
  ])('town %s → %s', (q, name) => {
    expect(findTown(q)?.name).toBe(name);
  });

  it.each([
    ['jelopy', 'Jellopy'], ['red potoin', 'Red Potion'], ['red pots', 'Red Potion'], ['ygem', 'Yellow Gemstone'],
    ['butterfly wings', 'Butterfly Wing'], ['oridecon', 'Oridecon'], ['elu', 'Elunium'], ['fly wing', 'Fly Wing'],
  ])('item %s → %s', (q, name) => {
    expect(findItem(q)?.name).toBe(name);
  });

  it.each([
    ['asassin', 'Assassin'], ['swordsman', 'Swordman'], ['wizzard', 'Wizard'], ['bs', 'Blacksmith'], ['preist', 'Priest'],
  ])('job %s → %s', (q, name) => {
    expect(findJob(q)?.name).toBe(name);
  });

  it('has map names and coordinates for towns', () => {
    const geffen = findTown('geffen');
    expect(geffen).toMatchObject({ map: 'geffen', x: 119, y: 59 });
    expect(findTown('izlude')?.map).toBe('izlude');
    expect(findTown('morroc')?.map).toBe('morocc');
    expect(findTown('juno')?.map).toBe('yuno');
  });

  it('finds entities in token spans, longest first, fuzzy only on unknown words', () => {
    const t = normalize('wtb 5 butterfly wings and 3 red potoins in geffn').tokens;
    expect(ITEM_INDEX.scan(t).map((h) => h.value.name)).toEqual(['Butterfly Wing', 'Red Potion']);
    expect(TOWN_INDEX.scan(t).map((h) => h.value.name)).toEqual(['Geffen']);
    expect(JOB_INDEX.scan(normalize('i want to make a cake').tokens, { isKnown: () => true })).toEqual([]);
  });
});

describe('service name matching', () => {
  it('picks by equality, containment, then typo', () => {
    const names = ['Red Potion', 'Bandage of Hope', 'Fly Wing'];
    expect(pickByName('red potion', names)).toBe(0);
    expect(pickByName('bandage', names)).toBe(1);
    expect(pickByName('fly wings', names)).toBe(2);
    expect(pickByName('fly wnig', names)).toBe(2);
    expect(pickByName('katana', names)).toBe(-1);
    expect(pickByName('', names)).toBe(-1);
  });

  it('caches list indexes by list and tag', () => {
    const list = [{ n: 'Geffen' }, { n: 'Payon' }];
    const a = listIndex(list, 'test', (e) => [e.n.toLowerCase()]);
    expect(listIndex(list, 'test', (e) => [e.n.toLowerCase()])).toBe(a);
    expect(a.scan(['to', 'payon']).map((h) => h.value)).toEqual([1]);
  });

  it('a custom index finds exact and fuzzy aliases', () => {
    const idx = new FuzzyIndex([{ alias: 'storm crow feather', value: 'scf' }]);
    expect(idx.lookup('storm crow feather')?.distance).toBe(0);
    expect(idx.lookup('strom crow feather')?.value).toBe('scf');
    expect(idx.lookup('nothing like it')).toBeUndefined();
  });
});
