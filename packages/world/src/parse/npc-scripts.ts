/**
 * The server's NPC scripts: which files it loads (`npc/{pre-re,re}/scripts_main.conf` and the
 * `npc:` / `import:` / `delnpc:` lines of what it imports), and from their top-level lines the
 * shops (`shop`, `cashshop`, `itemshop`, `pointshop`, `marketshop`, and `duplicate(…)` copies of
 * them), the warp portals (`warp`, `warp2`) and the monster spawns (`monster`, `boss_monster`,
 * `miniboss_monster`). Script bodies are not interpreted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { RathenaMode, WorldShop, WorldSpawn, WorldWarp } from '../data';

export interface ParsedScripts {
  shops: WorldShop[];
  warps: WorldWarp[];
  spawns: WorldSpawn[];
  /** Script files read (relative to the rAthena directory). */
  files: string[];
  /** Files a conf names that are absent. */
  missing: string[];
  /** The conf the list came from, or `walk` when no conf was found and npc/** was walked. */
  from: string;
}

const SHOP_KINDS = new Set(['shop', 'cashshop', 'itemshop', 'pointshop', 'marketshop']);
const SPAWN_KINDS = new Set(['monster', 'boss_monster', 'miniboss_monster']);

/** The script files the server loads, in order, following the confs from `npc/<mode>/scripts_main.conf`. */
export function scriptFiles(dir: string, mode: RathenaMode): { files: string[]; missing: string[]; from: string } {
  const main = [`npc/${mode}/scripts_main.conf`, 'npc/scripts_main.conf'].find((c) => existsSync(resolve(dir, c)));
  if (!main) return { files: walk(dir, mode), missing: [], from: 'walk' };
  const files: string[] = [];
  const missing: string[] = [];
  const seenConf = new Set<string>();
  const visit = (conf: string): void => {
    if (seenConf.has(conf)) return;
    seenConf.add(conf);
    const abs = resolve(dir, conf);
    if (!existsSync(abs)) {
      missing.push(conf);
      return;
    }
    for (const raw of readFileSync(abs, 'utf8').split(/\r?\n/)) {
      const m = /^\s*(npc|import|delnpc)\s*:\s*(\S.*?)\s*$/.exec(raw.replace(/\/\/.*$/, ''));
      if (!m) continue;
      const [, kind, path] = m as unknown as [string, string, string];
      if (kind === 'import') visit(path);
      else if (kind === 'delnpc') {
        const i = files.indexOf(path);
        if (i >= 0) files.splice(i, 1);
      } else if (!files.includes(path)) files.push(path);
    }
  };
  visit(main);
  const present = files.filter((f) => {
    const ok = existsSync(resolve(dir, f));
    if (!ok) missing.push(f);
    return ok;
  });
  return { files: present, missing, from: main };
}

/** Every npc/**\/*.txt except the other mode's folder and custom/test scripts. */
function walk(dir: string, mode: RathenaMode): string[] {
  const other = mode === 're' ? 'pre-re' : 're';
  const out: string[] = [];
  const root = resolve(dir, 'npc');
  const go = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = resolve(d, name);
      const rel = relative(root, p).split('\\').join('/');
      if (statSync(p).isDirectory()) {
        if (rel === other || rel === 'custom' || rel === 'test') continue;
        go(p);
      } else if (name.endsWith('.txt')) out.push(`npc/${rel}`);
    }
  };
  go(root);
  return out;
}

/** Removes `//` line comments and `/* *\/` blocks (outside string literals). */
export function stripScriptComments(src: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += src[++i] ?? '';
      else if (c === '"' || c === '\n') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const block = src.slice(i, end < 0 ? src.length : end + 2);
      out += block.replace(/[^\n]/g, '');
      i = end < 0 ? src.length : end + 1;
    } else out += c;
  }
  return out;
}

interface Where {
  map?: string;
  x?: number;
  y?: number;
}

function whereOf(field: string): Where | undefined {
  if (field === '-') return {};
  const [map, x, y] = field.split(',');
  if (!map || !/^[A-Za-z0-9_@.-]{1,32}$/.test(map)) return undefined;
  const nx = Number(x);
  const ny = Number(y);
  return { map, ...(Number.isInteger(nx) ? { x: nx } : {}), ...(Number.isInteger(ny) ? { y: ny } : {}) };
}

/** `Visible Name::UniqueName` → the unique name (what `duplicate(…)` refers to). */
const uniqueName = (name: string): string => {
  const i = name.indexOf('::');
  return i >= 0 ? name.slice(i + 2) : name;
};

/** `id:price` pairs of a shop line's item list (after the sprite, and the currency for item/point shops). */
function shopItems(kind: string, list: string[], buyPrice: (id: number) => number | undefined): Array<{ id: number; price: number }> {
  // itemshop / pointshop: the first entry is the currency (an item id or a variable), not an item.
  const entries = kind === 'itemshop' || kind === 'pointshop' ? list.slice(1) : list;
  const out: Array<{ id: number; price: number }> = [];
  for (const e of entries) {
    const [idS, priceS] = e.trim().split(':');
    const id = Number(idS);
    const price = Number(priceS);
    if (!Number.isInteger(id) || id < 1 || !Number.isInteger(price)) continue;
    const resolved = price < 0 ? buyPrice(id) : price;
    if (resolved === undefined) continue;
    out.push({ id, price: resolved });
  }
  return out;
}

/** Parses the top-level shop, warp and monster lines of the given script files. */
export function parseScripts(dir: string, files: readonly string[], buyPrice: (id: number) => number | undefined): Omit<ParsedScripts, 'files' | 'missing' | 'from'> {
  const shops: WorldShop[] = [];
  const warps: WorldWarp[] = [];
  const spawns: WorldSpawn[] = [];
  const shopByName = new Map<string, WorldShop>();
  const duplicates: Array<{ source: string; npc: string; where: Where; file: string }> = [];
  for (const file of files) {
    const text = stripScriptComments(readFileSync(resolve(dir, file), 'latin1'));
    for (const line of text.split(/\r?\n/)) {
      if (line.length === 0 || /^\s/.test(line)) continue;
      const f = line.split('\t');
      if (f.length < 3) continue;
      const where = whereOf(f[0]!.trim());
      if (!where) continue;
      const type = f[1]!.trim();
      const name = (f[2] ?? '').trim();
      const rest = (f[3] ?? '').trim();
      if (SHOP_KINDS.has(type)) {
        const parts = rest.split(',');
        const shop: WorldShop = {
          npc: uniqueName(name).slice(0, 128), kind: type, ...where, items: shopItems(type, parts.slice(1), buyPrice).slice(0, 500), file,
        };
        shopByName.set(shop.npc, shop);
        if (where.map !== undefined) shops.push(shop);
      } else if (type.startsWith('duplicate(') && type.endsWith(')')) {
        duplicates.push({ source: type.slice('duplicate('.length, -1), npc: uniqueName(name).slice(0, 128), where, file });
      } else if ((type === 'warp' || type === 'warp2') && where.map !== undefined && where.x !== undefined && where.y !== undefined) {
        const [, , toMap, toX, toY] = rest.split(',');
        const tx = Number(toX);
        const ty = Number(toY);
        if (toMap && /^[A-Za-z0-9_@.-]{1,32}$/.test(toMap) && Number.isInteger(tx) && Number.isInteger(ty)) {
          warps.push({ map: where.map, x: where.x, y: where.y, to: { map: toMap, x: tx, y: ty } });
        }
      } else if (SPAWN_KINDS.has(type) && where.map !== undefined) {
        const [idS, countS] = rest.split(',');
        const monster = Number(idS);
        const count = Number(countS);
        if (Number.isInteger(monster) && monster > 0 && Number.isInteger(count)) {
          spawns.push({ map: where.map, monster, count: Math.max(0, count), ...(type === 'monster' ? {} : { boss: true }) });
        }
      }
    }
  }
  // A duplicate of a shop is a shop with the same goods where the copy stands.
  for (const d of duplicates) {
    const source = shopByName.get(d.source);
    if (source && d.where.map !== undefined) shops.push({ ...source, npc: d.npc, ...d.where, file: d.file });
  }
  return { shops, warps, spawns };
}

export function parseNpcScripts(dir: string, mode: RathenaMode, buyPrice: (id: number) => number | undefined): ParsedScripts {
  const list = scriptFiles(dir, mode);
  return { ...parseScripts(dir, list.files, buyPrice), ...list };
}
