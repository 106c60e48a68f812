/**
 * Where the shared rAthena source of this project is (`../shared/rathena`, see its README): the
 * tarball, and the tree `build.sh` built from it when it has run. Tests, the demo and the
 * end-to-end suite read the server's files from here; nothing in production does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const RATHENA_REV = '494cc86';

export interface SharedRathena {
  /** The source tarball, when present. */
  tarball?: string;
  /** A tree with db/ and npc/ (built by build.sh, or `RATHENA_HOME`), when present. */
  tree?: string;
}

/** `repoRoot`: the npc-brain checkout, whose sibling `shared/` holds the rAthena source. */
export function sharedRathena(repoRoot: string): SharedRathena {
  const tarball = resolve(repoRoot, `../shared/rathena/rathena-${RATHENA_REV}.tar.gz`);
  const trees = [process.env.RATHENA_HOME, `/var/cache/npc-brain/rathena-${RATHENA_REV}`].filter((d): d is string => Boolean(d));
  const tree = trees.find((d) => existsSync(resolve(d, 'db')) && existsSync(resolve(d, 'npc')));
  return { ...(existsSync(tarball) ? { tarball } : {}), ...(tree ? { tree } : {}) };
}

/**
 * Extracts parts of the tarball (`db`, `npc`, single files…) into `dest` (the tarball's top folder
 * stripped), once: parts already there are kept. Returns `dest`.
 */
export function extractRathena(tarball: string, dest: string, parts: readonly string[]): string {
  const todo = parts.filter((p) => !existsSync(resolve(dest, p)));
  if (todo.length === 0) return dest;
  mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1', ...todo.map((p) => `rathena/${p}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return dest;
}

/** One file of the source, from the built tree or straight from the tarball. */
export function readRathenaFile(src: SharedRathena, rel: string): string | undefined {
  if (src.tree && existsSync(resolve(src.tree, rel))) return readFileSync(resolve(src.tree, rel), 'utf8');
  if (!src.tarball) return undefined;
  return execFileSync('tar', ['-xzOf', src.tarball, `rathena/${rel}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
