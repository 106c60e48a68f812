/**
 * rAthena's YAML databases (item_db, mob_db, … since 2020): a `Header`, a `Body` list of entries
 * and a `Footer` whose `Imports` name further files, each optionally for one `Mode` only
 * (`Prerenewal` / `Renewal`). `db/item_db.yml` imports `db/pre-re/item_db.yml` or
 * `db/re/item_db.yml`, which import the files holding the entries, then `db/import/item_db.yml`
 * (the server's own additions). Later entries with the same Id override earlier ones, as in rAthena.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import type { RathenaMode } from '../data';

export interface YamlDbRead {
  /** The Body entries of every file read, in load order. */
  entries: Array<Record<string, unknown>>;
  /** Files read (relative to the rAthena directory). */
  files: string[];
  /** Imports named but absent (a partial tree, or no `db/import`). */
  missing: string[];
}

interface YamlDoc {
  Body?: unknown;
  Footer?: { Imports?: Array<{ Path?: unknown; Mode?: unknown }> };
}

const MODE_NAMES: Record<RathenaMode, string> = { 'pre-re': 'prerenewal', re: 'renewal' };

/** Reads `rel` (relative to `dir`) and everything it imports for `mode`. */
export function readYamlDb(dir: string, rel: string, mode: RathenaMode): YamlDbRead {
  const out: YamlDbRead = { entries: [], files: [], missing: [] };
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const abs = resolve(dir, path);
    if (!existsSync(abs)) {
      out.missing.push(path);
      return;
    }
    // json: a repeated key keeps its last value (rAthena's files have a few; its own loader takes them).
    const doc = (load(readFileSync(abs, 'utf8'), { json: true }) ?? {}) as YamlDoc;
    out.files.push(path);
    if (Array.isArray(doc.Body)) for (const e of doc.Body) if (e && typeof e === 'object') out.entries.push(e as Record<string, unknown>);
    for (const imp of doc.Footer?.Imports ?? []) {
      if (typeof imp.Path !== 'string') continue;
      if (typeof imp.Mode === 'string' && imp.Mode.toLowerCase() !== MODE_NAMES[mode]) continue;
      visit(imp.Path);
    }
  };
  visit(rel);
  return out;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
export const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? Math.trunc(n) : undefined;
};

/** Later entries with the same Id override the fields they name (db/import over the base), as rAthena merges them. */
export function mergeById(entries: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const byId = new Map<number, Record<string, unknown>>();
  for (const e of entries) {
    const id = num(e.Id);
    if (id === undefined || id < 1) continue;
    byId.set(id, { ...(byId.get(id) ?? {}), ...e });
  }
  return [...byId.values()];
}
