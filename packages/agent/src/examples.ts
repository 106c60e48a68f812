/**
 * The example behaviour trees shipped in `packages/agent/examples/` (mistreevous JSON), loaded once:
 * a guard's patrol/alert tree, a merchant's haggling tree and a quest giver that holds the player's
 * single quest slot through the intention registry.
 */
import { readFileSync } from 'node:fs';

const load = (file: string): unknown => JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'));

export const EXAMPLE_TREES = {
  guard: load('guard-patrol.json'),
  merchant: load('merchant-haggle.json'),
  questGiver: load('quest-giver-slot.json'),
} as const satisfies Record<string, unknown>;
