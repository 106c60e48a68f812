/**
 * The world this process knows: loaded once at start from `WORLD_FILE` (what
 * `pnpm npc import rathena` wrote) and installed for every reader — the recognizer and responders
 * (packages/rules), the LLM prompt (packages/llm) and the item identities of finalized decisions
 * (packages/pipeline). Nothing installed: those fall back to the hand-typed lexicon alone.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { WorldData } from './data';
import { WorldKnowledge } from './knowledge';

let current: WorldKnowledge | undefined;
const loaded = new Map<string, WorldKnowledge>();

/** Installs (or, with undefined, removes) the process's world knowledge. */
export function installWorld(kb: WorldKnowledge | undefined): void {
  current = kb;
}

/** The installed world knowledge, or undefined when none was imported. */
export function installedWorld(): WorldKnowledge | undefined {
  return current;
}

/** Reads and validates a world file (`.json`, or `.json.gz`). */
export function readWorldFile(path: string): WorldData {
  if (!existsSync(path)) throw new Error(`world file ${path} does not exist (run: pnpm npc import rathena --dir <rathena> --out ${path})`);
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const parsed = WorldData.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`world file ${path} is not valid: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export function writeWorldFile(path: string, data: WorldData): void {
  mkdirSync(dirname(path), { recursive: true });
  const json = JSON.stringify(data);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(json) : json);
}

/** Loads a world file once per process (later calls with the same path share it). */
export function loadWorldFile(path: string): WorldKnowledge {
  const hit = loaded.get(path);
  if (hit) return hit;
  const kb = new WorldKnowledge(readWorldFile(path));
  loaded.set(path, kb);
  return kb;
}

/**
 * What every process calls at start with its `WORLD_FILE`: loads and installs it; without one,
 * keeps whatever is installed (nothing, unless a test or the demo installed one).
 */
export function installWorldFile(path: string | undefined): WorldKnowledge | undefined {
  if (!path) return current;
  const kb = loadWorldFile(path);
  installWorld(kb);
  return kb;
}

/** The part of a pino logger `loadWorldAtStart` uses. */
export interface StartLog {
  info(obj: object, msg: string): void;
}

/** A process's start: installs the world of `WORLD_FILE` (when set) and logs what it holds. Throws on a bad file. */
export function loadWorldAtStart(path: string | undefined, log: StartLog): WorldKnowledge | undefined {
  const kb = installWorldFile(path);
  if (kb && path) log.info({ worldFile: path, ...kb.stats() }, 'world knowledge loaded');
  return kb;
}
