import type { z } from 'zod';
import { send } from './transport';

/** Where the gateway is and the key to use. */
export interface ApiTarget {
  url: string;
  key: string;
}

/** A 4xx/5xx answer: its status and body (the contract's `{ error: { code, message, field } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/**
 * A JSON call to any route of the gateway (the CLI, the demo, tools): the parsed body, checked by
 * `schema` when given; an error status throws `ApiError`. No retry: for a decision that must
 * arrive, see `GatewayClient.decide`.
 */
export async function api<T = unknown>(target: ApiTarget, method: string, path: string, body?: unknown, schema?: z.ZodType<T>): Promise<{ status: number; body: T }> {
  const res = await send(target.url, target.key, method, path, { body });
  const parsed: unknown = res.text ? JSON.parse(res.text) : undefined;
  if (res.status >= 400) throw new ApiError(res.status, parsed);
  return { status: res.status, body: schema ? schema.parse(parsed) : (parsed as T) };
}
