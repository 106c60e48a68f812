/**
 * `importRathena`: reads a server's own files (items, monsters, maps, shops, warps, spawns) into
 * one `WorldData` document, for pre-renewal or renewal, YAML or the older text databases.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WORLD_FORMAT, WORLD_VERSION, type RathenaMode, type WorldData } from './data';
import { parseItems } from './parse/items';
import { parseMaps } from './parse/maps';
import { parseMonsters } from './parse/mobs';
import { parseNpcScripts } from './parse/npc-scripts';

export interface ImportOptions {
  dir: string;
  /** `auto` (default): pre-renewal when the tree was configured with `--enable-prere` or lacks the renewal item files. */
  mode?: RathenaMode | 'auto';
  /** Clock for `importedAt` (tests). */
  now?: Date;
}

export interface ImportReport {
  mode: RathenaMode;
  /** Why that mode (`--enable-prere=yes in config.log`, `given`, …). */
  modeReason: string;
  counts: { items: number; monsters: number; maps: number; shops: number; shopItems: number; warps: number; spawns: number; scriptFiles: number };
  /** Database files read, and the ones their imports name that are absent. */
  files: string[];
  missing: string[];
  /** Where the list of script files came from. */
  scriptsFrom: string;
  ms: number;
}

/** The mode a tree is meant for: rAthena's `configure --enable-prere`, else pre-renewal only when renewal files are missing. */
export function detectMode(dir: string): { mode: RathenaMode; reason: string } {
  const log = resolve(dir, 'config.log');
  if (existsSync(log)) {
    const text = readFileSync(log, 'latin1');
    if (/--enable-prere(=yes)?\b/.test(text) && !/--enable-prere=no/.test(text)) return { mode: 'pre-re', reason: 'configured with --enable-prere (config.log)' };
    if (/\$ \.\/configure/.test(text)) return { mode: 're', reason: 'configured without --enable-prere (config.log)' };
  }
  const reItems = ['db/re/item_db_equip.yml', 'db/re/item_db_usable.yml', 'db/re/item_db_etc.yml'];
  if (reItems.some((f) => !existsSync(resolve(dir, f))) && existsSync(resolve(dir, 'db/pre-re/item_db_equip.yml'))) {
    return { mode: 'pre-re', reason: `renewal item files missing (${reItems.filter((f) => !existsSync(resolve(dir, f))).join(', ')})` };
  }
  return { mode: 're', reason: "rAthena's default (renewal)" };
}

function revisionOf(dir: string): string | undefined {
  const head = resolve(dir, '.git/HEAD');
  if (!existsSync(head)) return undefined;
  const ref = readFileSync(head, 'utf8').trim();
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const m = /^ref: (.+)$/.exec(ref);
  const file = m ? resolve(dir, '.git', m[1]!) : undefined;
  return file && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export function importRathena(opts: ImportOptions): { data: WorldData; report: ImportReport } {
  const t0 = performance.now();
  const dir = resolve(opts.dir);
  if (!existsSync(resolve(dir, 'db')) || !existsSync(resolve(dir, 'npc'))) {
    throw new Error(`${opts.dir} is not an rAthena directory (no db/ and npc/)`);
  }
  const detected = opts.mode === undefined || opts.mode === 'auto' ? detectMode(dir) : { mode: opts.mode, reason: 'given' };
  const mode = detected.mode;
  const items = parseItems(dir, mode);
  const monsters = parseMonsters(dir, mode, items.items);
  const maps = parseMaps(dir);
  const buy = new Map(items.items.map((i) => [i.id, i.buy]));
  const scripts = parseNpcScripts(dir, mode, (id) => buy.get(id));
  // Maps only scripts name (instances, maps missing from map_index) still count as maps.
  const known = new Set(maps.maps.map((m) => m.name));
  for (const name of [...scripts.warps.flatMap((w) => [w.map, w.to.map]), ...scripts.spawns.map((s) => s.map), ...scripts.shops.flatMap((s) => (s.map ? [s.map] : []))]) {
    if (!known.has(name)) {
      known.add(name);
      maps.maps.push({ name });
    }
  }
  const revision = revisionOf(dir);
  const data: WorldData = {
    format: WORLD_FORMAT,
    version: WORLD_VERSION,
    source: { dir: opts.dir, mode, ...(revision ? { revision } : {}), importedAt: (opts.now ?? new Date()).toISOString() },
    items: items.items,
    monsters: monsters.monsters,
    maps: maps.maps,
    shops: scripts.shops,
    warps: scripts.warps,
    spawns: scripts.spawns,
  };
  const report: ImportReport = {
    mode,
    modeReason: detected.reason,
    counts: {
      items: data.items.length, monsters: data.monsters.length, maps: data.maps.length, shops: data.shops.length,
      shopItems: data.shops.reduce((n, s) => n + s.items.length, 0), warps: data.warps.length, spawns: data.spawns.length,
      scriptFiles: scripts.files.length,
    },
    files: [...items.files, ...monsters.files, ...maps.files],
    missing: [...items.missing, ...monsters.missing, ...maps.missing, ...scripts.missing],
    scriptsFrom: scripts.from,
    ms: Math.round(performance.now() - t0),
  };
  return { data, report };
}
