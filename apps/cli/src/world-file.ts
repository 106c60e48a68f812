/**
 * The world file the demo hands its processes (`WORLD_FILE`): the one given, else an import of the
 * shared rAthena source (../shared/rathena) kept in var/world/ — from the tree build.sh built, or
 * from `db/` and `npc/` extracted out of the tarball (about a second; the server need not be built).
 * Nothing is committed: the data stays the server's (GPL-3.0), and any machine with the shared
 * source gets the same file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RATHENA_REV, extractRathena, importRathena, sharedRathena, writeWorldFile, type ImportReport } from '@npc/world';
import { REPO_ROOT } from './supervisor';

export interface DemoWorld {
  path: string;
  /** How it came about, for the demo to say. */
  how: string;
  report?: ImportReport;
}

export function demoWorldFile(env: NodeJS.ProcessEnv = process.env): DemoWorld | undefined {
  if (env.WORLD_FILE) return { path: env.WORLD_FILE, how: `WORLD_FILE=${env.WORLD_FILE}` };
  const path = resolve(REPO_ROOT, `var/world/rathena-${RATHENA_REV}.json`);
  if (existsSync(path)) return { path, how: `imported earlier into ${path}` };
  const shared = sharedRathena(REPO_ROOT);
  const dir = shared.tree ?? (shared.tarball ? extractRathena(shared.tarball, resolve(REPO_ROOT, `var/world/rathena-${RATHENA_REV}`), ['db', 'npc']) : undefined);
  if (!dir) return undefined;
  const { data, report } = importRathena({ dir });
  writeWorldFile(path, data);
  return { path, how: `imported now from ${shared.tree ? dir : `${shared.tarball} (db/ and npc/ extracted)`}`, report };
}
