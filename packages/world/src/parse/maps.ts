/**
 * Maps: `db/map_index.txt` (`name index` or `name`, each next index one more; `//` comments), plus
 * `db/import/map_index.txt` when the server has one. Maps named by scripts only (warps, spawns,
 * shops) are added by the importer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WorldMap } from '../data';

export function parseMapIndex(text: string, start = 0): WorldMap[] {
  const out: WorldMap[] = [];
  let last = start;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    const [name, idx] = line.split(/\s+/);
    if (!name || !/^[A-Za-z0-9_@.-]{1,32}$/.test(name)) continue;
    const n = idx !== undefined && /^\d+$/.test(idx) ? Number(idx) : last + 1;
    last = n;
    out.push({ name, index: n });
  }
  return out;
}

export function parseMaps(dir: string): { maps: WorldMap[]; files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const byName = new Map<string, WorldMap>();
  for (const rel of ['db/map_index.txt', 'db/import/map_index.txt']) {
    const abs = resolve(dir, rel);
    if (!existsSync(abs)) {
      missing.push(rel);
      continue;
    }
    files.push(rel);
    const last = Math.max(0, ...[...byName.values()].map((m) => m.index ?? 0));
    for (const m of parseMapIndex(readFileSync(abs, 'latin1'), last)) if (!byName.has(m.name)) byName.set(m.name, m);
  }
  return { maps: [...byName.values()], files, missing };
}
