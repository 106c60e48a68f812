/**
 * Line helpers. The lines themselves (role banks, openers, every sentence) live in the catalogs of
 * `i18n/`, one per language: `ctx.voice.cat`.
 */
export type { Lines, ByRole } from './i18n/index';

/** Expands `{N}` (the NPC's name) and `{Y}` (the player's, or a form of address) in a line. */
export function fillLine(line: string, npcName: string, you: string): string {
  return line.replace(/\{N\}/g, npcName).replace(/\{Y\}/g, you);
}

/** Expands one named placeholder (`{D}`, `{Q}`, `{J}`, …) in a line. */
export const fillIn = (line: string, key: string, value: string): string => line.split(`{${key}}`).join(value);
