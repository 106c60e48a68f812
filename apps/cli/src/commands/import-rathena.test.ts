/** `pnpm npc import rathena` on the shared rAthena source: the world file, the report, generated NPCs. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '@npc/testing';
import { extractRathena, readWorldFile, sharedRathena } from '@npc/world';
import { NpcFile } from './npc-put';
import { importRathenaCommand } from './import-rathena';

const shared = sharedRathena(REPO_ROOT);
const tmp = mkdtempSync(join(tmpdir(), 'npc-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!shared.tarball && !shared.tree)('pnpm npc import rathena', () => {
  it('writes the world file and shop NPCs, and says what it found', () => {
    const dir = shared.tree ?? extractRathena(shared.tarball!, join(tmp, 'rathena'), ['db', 'npc']);
    const lines: string[] = [];
    importRathenaCommand({ dir, out: join(tmp, 'world.json'), npcs: join(tmp, 'shops.yaml'), npcsMap: 'prontera' }, (l) => lines.push(l), {});
    const out = lines.join('\n');
    console.log(out);
    expect(out).toMatch(/items 6169, monsters 1004, maps 1271, shops 186 \(1381 goods\), warps 3093, spawns 3911/);
    expect(out).toMatch(/WORLD_FILE=.*world\.json/);
    expect(readWorldFile(join(tmp, 'world.json')).items.find((i) => i.id === 746)?.name).toBe('Glass Bead');
    const npcs = NpcFile.parse(parseYaml(readFileSync(join(tmp, 'shops.yaml'), 'utf8')));
    expect(Array.isArray(npcs) && npcs.some((n) => n.id === 'shop_prontera_gift_merchant_prt')).toBe(true);
    expect(() => importRathenaCommand({ dir, mode: 'classic' }, () => undefined, {})).toThrow(/--mode/);
    expect(() => importRathenaCommand({ dir: tmp }, () => undefined, {})).toThrow(/not an rAthena directory/);
  }, 120_000);
});
