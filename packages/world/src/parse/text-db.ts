/** The older comma-separated databases (`item_db.txt`, `mob_db.txt`): comments, blank lines, `{ script }` fields. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Data lines: `//` comments and blank lines dropped. */
export function dataLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('//'));
}

/** Splits a line at commas outside `{ … }` script fields. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of line) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Reads text databases in order (the mode's file, then the server's own additions); a later line
 * with the same id replaces an earlier one. Absent files are named in `missing`.
 */
export function readTextDbs<T extends { id: number }>(dir: string, rels: readonly string[], parse: (line: string) => T | undefined): { values: T[]; files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const byId = new Map<number, T>();
  for (const rel of rels) {
    const abs = resolve(dir, rel);
    if (!existsSync(abs)) {
      missing.push(rel);
      continue;
    }
    files.push(rel);
    for (const line of dataLines(readFileSync(abs, 'latin1'))) {
      const v = parse(line);
      if (v) byId.set(v.id, v);
    }
  }
  return { values: [...byId.values()].sort((a, b) => a.id - b.id), files, missing };
}
