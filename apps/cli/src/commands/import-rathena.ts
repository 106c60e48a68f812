/**
 * `pnpm npc import rathena --dir <rathena>`: reads the game server's own files (items, monsters,
 * maps, shops, warps, spawns; pre-renewal or renewal) into the world knowledge file every process
 * loads at start (`WORLD_FILE`), and optionally writes merchant NPC definitions generated from its
 * shops (for `pnpm npc npc put`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { WorldKnowledge, importRathena, npcsFromShops, writeWorldFile, type RathenaMode } from '@npc/world';

export const DEFAULT_WORLD_FILE = 'var/world/rathena.json';

export interface ImportRathenaOptions {
  dir: string;
  mode?: string;
  /** Where the world file goes (default WORLD_FILE, else var/world/rathena.json). */
  out?: string;
  /** Also write the shops as NPC definitions (YAML) here. */
  npcs?: string;
  /** Only the shops of this map. */
  npcsMap?: string;
}

export function importRathenaCommand(o: ImportRathenaOptions, print: (line: string) => void, env: NodeJS.ProcessEnv = process.env): void {
  const mode = o.mode ?? 'auto';
  if (!['auto', 'pre-re', 're'].includes(mode)) throw new Error(`--mode: auto, pre-re or re (not ${mode})`);
  const { data, report } = importRathena({ dir: o.dir, mode: mode as RathenaMode | 'auto' });
  const out = resolve(o.out ?? env.WORLD_FILE ?? DEFAULT_WORLD_FILE);
  writeWorldFile(out, data);
  const c = report.counts;
  print(`rAthena ${o.dir} (${report.mode}: ${report.modeReason}), read in ${report.ms} ms`);
  print(`  items ${c.items}, monsters ${c.monsters}, maps ${c.maps}, shops ${c.shops} (${c.shopItems} goods), warps ${c.warps}, spawns ${c.spawns} from ${c.scriptFiles} script files (${report.scriptsFrom})`);
  if (report.missing.length > 0) print(`  not found (skipped): ${report.missing.join(', ')}`);
  print(`world knowledge written to ${out}; every process loads it at start with WORLD_FILE=${out}`);
  if (o.npcs) {
    const npcs = npcsFromShops(new WorldKnowledge(data), o.npcsMap ? { map: o.npcsMap } : {});
    mkdirSync(dirname(resolve(o.npcs)), { recursive: true });
    writeFileSync(o.npcs, `# Merchants generated from the shops of ${o.dir} by pnpm npc import rathena.\n${toYaml(npcs)}`);
    print(`${npcs.length} shop NPCs written to ${o.npcs} (register them: pnpm npc npc put ${o.npcs})`);
  }
}
