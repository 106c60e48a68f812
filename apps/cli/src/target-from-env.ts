import type { ApiTarget } from '@npc/gateway-client';

/** The gateway and key for the CLI's API commands: --url/--key, else NPC_BRAIN_URL/NPC_BRAIN_KEY. */
export function targetFromEnv(opts: { url?: string; key?: string }): ApiTarget {
  const url = opts.url ?? process.env.NPC_BRAIN_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const key = opts.key ?? process.env.NPC_BRAIN_KEY;
  if (!key) throw new Error('no API key: pass --key or set NPC_BRAIN_KEY (create one with `pnpm npc keys create`)');
  return { url, key };
}
