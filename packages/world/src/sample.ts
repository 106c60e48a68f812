/**
 * A few real entries of the shared rAthena tree (pre-renewal), as a world file holds them: for tests
 * of the packages that read the world knowledge without importing a whole server.
 */
import { WORLD_FORMAT, WORLD_VERSION, type WorldData } from './data';

export function sampleWorld(): WorldData {
  return {
    format: WORLD_FORMAT,
    version: WORLD_VERSION,
    source: { dir: 'sample', mode: 'pre-re', importedAt: '2025-07-01T00:00:00.000Z' },
    items: [
      { id: 501, aegis: 'Red_Potion', name: 'Red Potion', type: 'Healing', buy: 50, sell: 25, weight: 70 },
      { id: 746, aegis: 'Glass_Bead', name: 'Glass Bead', type: 'Etc', buy: 1400, sell: 700, weight: 10 },
      { id: 909, aegis: 'Jellopy', name: 'Jellopy', type: 'Etc', buy: 6, sell: 3, weight: 10 },
      { id: 2207, aegis: 'Fancy_Flower', name: 'Fancy Flower', type: 'Armor', buy: 500, sell: 250, weight: 100, locations: ['Head_Top'] },
    ],
    monsters: [
      { id: 1002, aegis: 'PORING', name: 'Poring', level: 1, hp: 50, race: 'Plant', element: 'Water', elementLevel: 1, size: 'Medium', baseExp: 2, jobExp: 1, drops: [{ item: 'Jellopy', rate: 7000 }] },
      { id: 1039, aegis: 'BAPHOMET', name: 'Baphomet', level: 81, hp: 668000, race: 'Demon', element: 'Dark', elementLevel: 3, size: 'Large', baseExp: 107250, jobExp: 37895, mvp: true },
    ],
    maps: [{ name: 'prontera', index: 2 }, { name: 'prt_fild08', index: 3 }, { name: 'prt_maze03', index: 4 }],
    shops: [{ npc: 'Gift Merchant#prt', kind: 'shop', map: 'prontera', x: 100, y: 100, items: [{ id: 746, price: 1400 }], file: 'npc/merchants/shops.txt' }],
    warps: [{ map: 'prontera', x: 156, y: 22, to: { map: 'prt_fild08', x: 170, y: 375 } }],
    spawns: [{ map: 'prt_fild08', monster: 1002, count: 70 }, { map: 'prt_maze03', monster: 1039, count: 1, boss: true }],
  };
}
