import type { z } from 'zod';

export interface ApiTarget {
  url: string;
  key: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** A tiny JSON client for the gateway's API (the CLI and the demo use it). */
export async function api<T = unknown>(target: ApiTarget, method: string, path: string, body?: unknown, schema?: z.ZodType<T>): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(path, target.url), {
    method,
    headers: { authorization: `Bearer ${target.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) throw new ApiError(res.status, parsed);
  return { status: res.status, body: schema ? schema.parse(parsed) : (parsed as T) };
}

export function targetFromEnv(opts: { url?: string; key?: string }): ApiTarget {
  const url = opts.url ?? process.env.NPC_BRAIN_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const key = opts.key ?? process.env.NPC_BRAIN_KEY;
  if (!key) throw new Error('no API key: pass --key or set NPC_BRAIN_KEY (create one with `pnpm npc keys create`)');
  return { url, key };
}
