/**
 * The importer on the shared rAthena source (../shared/rathena: pre-renewal and renewal layouts),
 * the older CSV databases on small samples, and the knowledge base built from the import.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Action, NpcInput } from '@npc/contracts';
import {
  WorldKnowledge, extractRathena, factsAbout, importRathena, itemFromTxt, monsterFromTxt, npcsFromShops, parseMapIndex,
  parseScripts, readWorldFile, sharedRathena, withItemIdentity, writeWorldFile, type WorldData,
} from './index';

const REPO = resolve(fileURLToPath(import.meta.url), '../../../..');
const shared = sharedRathena(REPO);
const tmp = mkdtempSync(join(tmpdir(), 'npc-world-'));
let data: WorldData;
let kb: WorldKnowledge;
let dir: string;

beforeAll(() => {
  // From the tarball when there is one: the path the demo takes on a machine where rAthena was never built.
  dir = shared.tarball ? extractRathena(shared.tarball, join(tmp, 'rathena'), ['db', 'npc']) : shared.tree!;
  const out = importRathena({ dir });
  data = out.data;
  kb = new WorldKnowledge(data);
  // What the README quotes: `pnpm npc import rathena --dir …` prints the same.
  console.log(`import of the shared rAthena tree (${out.report.mode}, ${out.report.modeReason}): ${JSON.stringify(out.report.counts)} in ${out.report.ms} ms`);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!shared.tarball && !shared.tree)('the import of the shared rAthena tree', () => {
  it('reads items, monsters, maps, shops, warps and spawns of the pre-renewal layout', () => {
    expect(data.source.mode).toBe('pre-re');
    expect(data.items.length).toBeGreaterThan(6000);
    expect(data.monsters.length).toBeGreaterThan(1000);
    expect(data.maps.length).toBeGreaterThan(1000);
    expect(data.shops.length).toBeGreaterThan(150);
    expect(data.warps.length).toBeGreaterThan(2000);
    expect(data.spawns.length).toBeGreaterThan(3000);
    expect(kb.item(501)).toMatchObject({ aegis: 'Red_Potion', name: 'Red Potion', buy: 50, sell: 25, weight: 70, type: 'Healing' });
  });

  it('knows a monster: level, race, element, and where it spawns', () => {
    const baphomet = kb.monster('Baphomet')!;
    expect(baphomet).toMatchObject({ id: 1039, level: 81, race: 'Demon', element: 'Dark', elementLevel: 3, mvp: true });
    expect(kb.spawnsOf(baphomet).map((s) => s.map)).toContain('prt_maze03');
    const poring = kb.monster('porings')!;
    expect(poring).toMatchObject({ id: 1002, level: 1, race: 'Plant', element: 'Water' });
    expect(kb.spawnsOf(poring).length).toBeGreaterThan(3);
    expect(kb.monstersOn('prt_fild08').map((e) => e.monster.name)).toContain('Poring');
  });

  it("resolves a shop line's -1 prices to the item's own price, and copies duplicated shops", () => {
    const izlude = data.shops.find((s) => s.npc === 'Tool Dealer#iz')!;
    expect(izlude).toMatchObject({ kind: 'shop', map: 'izlude_in' });
    expect(izlude.items).toContainEqual({ id: 501, price: 50 });
    expect(izlude.items).toContainEqual({ id: 1750, price: 1 });
    expect(kb.shopsSelling(501).length).toBeGreaterThan(10);
  });

  it('the renewal layout of the same tree: what is there is read, what is missing is named', () => {
    const re = importRathena({ dir, mode: 're' });
    expect(re.report.mode).toBe('re');
    expect(re.report.missing).toContain('db/re/item_db_equip.yml');
    expect(re.report.files).toContain('db/re/item_db_usable.yml');
    expect(re.report.counts.items).toBeGreaterThan(10_000);
    expect(re.report.counts.monsters).toBeGreaterThan(2000);
    expect(re.report.scriptsFrom).toBe('npc/re/scripts_main.conf');
  }, 120_000);

  it('names an item the hand-typed lexicon never had, with its identity', () => {
    const flower = kb.item('Fancy Flower')!;
    expect(flower).toMatchObject({ id: 2207, aegis: 'Fancy_Flower' });
    expect(kb.identity('fancy flowers')).toEqual({ itemId: 2207, aegisName: 'Fancy_Flower' });
    expect(kb.item('FANCY_FLOWER')?.id).toBe(2207);
  });

  it('facts for a question name what the server knows', () => {
    const [poring] = factsAbout(kb, 'where do porings live?');
    expect(poring).toMatch(/^Poring is a level 1 Plant of the Water element/);
    expect(poring).toMatch(/It lives in /);
    const [baph] = factsAbout(kb, 'what level is Baphomet?');
    expect(baph).toMatch(/level 81 Demon boss of the Dark 3 element/);
    expect(factsAbout(kb, 'how much for a jellopy?')[0]).toMatch(/^Jellopy .*shops pay 3 zeny/);
    expect(factsAbout(kb, 'hello there')).toEqual([]);
  });

  it('adds item ids and AegisNames to actions', () => {
    const buy = withItemIdentity({ type: 'buy', args: { item: 'Red Potion', amount: 2, price: 100 } }, kb);
    expect(buy.args).toEqual({ item: 'Red Potion', amount: 2, price: 100, itemId: 501, aegisName: 'Red_Potion' });
    expect(Action.parse(buy)).toEqual(buy);
    const quest = withItemIdentity({ type: 'give_quest', args: { quest: 'q1', requires: [{ item: 'Jellopy', amount: 10 }, { item: 'No Such Thing', amount: 1 }], rewardItem: 'Blue Potion', rewardAmount: 2 } }, kb);
    expect(quest.args).toMatchObject({ requires: [{ item: 'Jellopy', amount: 10, itemId: 909, aegisName: 'Jellopy' }, { item: 'No Such Thing', amount: 1 }], rewardItemId: 505, rewardAegisName: 'Blue_Potion' });
    expect(Action.parse(quest)).toEqual(quest);
    const talk: Action = { type: 'talk', args: {} };
    expect(withItemIdentity(talk, kb)).toBe(talk);
    const known: Action = { type: 'sell', args: { item: 'Red Potion', amount: 1, price: 25, itemId: 11501 } };
    expect(withItemIdentity(known, kb)).toBe(known);
    expect(withItemIdentity(buy, undefined)).toBe(buy);
  });

  it('generates merchant NPCs from the shop lines, valid for PUT /v1/npcs', () => {
    const npcs = npcsFromShops(kb);
    expect(npcs.length).toBeGreaterThan(100);
    expect(new Set(npcs.map((n) => n.id)).size).toBe(npcs.length);
    for (const n of npcs) {
      const { id: _id, ...body } = n;
      expect(NpcInput.safeParse(body).success, n.id).toBe(true);
    }
    const iz = npcs.find((n) => n.id === 'shop_izlude_in_tool_dealer_iz')!;
    expect(iz).toMatchObject({ name: 'Tool Dealer', role: 'merchant' });
    expect(iz.services?.shop).toContainEqual({ item: 'Red Potion', price: 50 });
    expect(iz.services?.buys).toContainEqual({ item: 'Red Potion', price: 25 });
  });

  it('a world file round-trips (plain and gzip) and a broken one is refused', () => {
    for (const name of ['w.json', 'w.json.gz']) {
      const path = join(tmp, name);
      writeWorldFile(path, data);
      expect(readWorldFile(path).items.length).toBe(data.items.length);
    }
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ ...data, items: [{ id: 'x' }] }));
    expect(() => readWorldFile(join(tmp, 'bad.json'))).toThrow(/not valid: items\.0/);
    expect(() => readWorldFile(join(tmp, 'none.json'))).toThrow(/does not exist/);
  });
});

describe('the older layouts and odd lines', () => {
  it('item_db.txt lines (before 2020)', () => {
    expect(itemFromTxt('501,Red_Potion,Red Potion,0,50,,70,,,,,0xFFFFFFFF,63,2,,,,,,{ itemheal rand(45,65),0; },{},{}')).toEqual({
      id: 501, aegis: 'Red_Potion', name: 'Red Potion', type: 'Healing', buy: 50, sell: 25, weight: 70,
    });
    expect(itemFromTxt('1201,Knife,Knife,4,50,,400,17,,1,3,0x3E9,63,2,2,1,1,1,1,{},{},{}')).toMatchObject({ type: 'Weapon', slots: 3, buy: 50 });
    expect(itemFromTxt('garbage')).toBeUndefined();
  });

  it('mob_db.txt lines (before 2020): element level × 20 + element, numeric race and size', () => {
    const line = '1002,PORING,Poring,Poring,1,50,0,2,1,1,7,10,0,5,1,1,1,0,6,30,10,12,1,3,21,0x83,400,1872,672,480,0,0,0,0,0,0,0,909,7000,1202,100,938,400,512,1000,713,1500,512,150,619,20,0,0,0,0,4001,1';
    expect(monsterFromTxt(line, (id) => ({ 909: 'Jellopy', 4001: 'Poring_Card' })[id])).toMatchObject({
      id: 1002, aegis: 'PORING', name: 'Poring', level: 1, hp: 50, race: 'Plant', element: 'Water', elementLevel: 1, size: 'Medium',
      drops: [{ item: 'Jellopy', rate: 7000 }, { item: 'Poring_Card', rate: 1 }],
    });
  });

  it('map_index.txt: explicit and implicit indexes, comments', () => {
    expect(parseMapIndex('// maps\nalb_ship 1\nalberta\n\nprontera 10 // the capital\nizlude\n')).toEqual([
      { name: 'alb_ship', index: 1 }, { name: 'alberta', index: 2 }, { name: 'prontera', index: 10 }, { name: 'izlude', index: 11 },
    ]);
  });

  it('script lines: shops of every kind, duplicates, warps, spawns; comments and bodies ignored', () => {
    const d = mkdtempSync(join(tmpdir(), 'npc-world-scripts-'));
    try {
      writeFileSync(join(d, 'a.txt'), [
        '// prontera,1,1,0\tshop\tCommented\t1,501:1',
        '/* prontera,2,2,0\tshop\tBlock\t1,501:1 */',
        'prontera,150,180,4\tshop\tPotion Seller#p\t83,501:-1,502:210',
        '-\tshop\tTemplate Shop\t-1,909:5',
        'geffen,10,20,4\tduplicate(Template Shop)\tCopy#g\t83',
        'prontera,5,5,0\titemshop\tBadge Shop\t83,7828,2207:5',
        'prontera,156,22,0\twarp\tprt_south\t1,1,prt_fild08,170,375',
        'prt_fild08,0,0,0,0\tmonster\tPoring\t1002,70,5000,0,0',
        'prt_maze03,0,0,0,0\tboss_monster\tBaphomet\t1039,1,7200000,600000,0',
        'prontera,1,1,0\tscript\tTalker\t83,{',
        '\tmes "prontera,9,9,0\tshop\tFake\t1,501:1";',
        '}',
      ].join('\n'));
      const out = parseScripts(d, ['a.txt'], (id) => ({ 501: 50 })[id]);
      expect(out.shops.map((s) => [s.npc, s.map, s.items])).toEqual([
        ['Potion Seller#p', 'prontera', [{ id: 501, price: 50 }, { id: 502, price: 210 }]],
        ['Badge Shop', 'prontera', [{ id: 2207, price: 5 }]],
        ['Copy#g', 'geffen', [{ id: 909, price: 5 }]],
      ]);
      expect(out.warps).toEqual([{ map: 'prontera', x: 156, y: 22, to: { map: 'prt_fild08', x: 170, y: 375 } }]);
      expect(out.spawns).toEqual([{ map: 'prt_fild08', monster: 1002, count: 70 }, { map: 'prt_maze03', monster: 1039, count: 1, boss: true }]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
