import { ApiKeyScope } from '@npc/contracts';
import { withRepos } from '../repos';

/** Creates a key and prints it once; only its hash is stored. */
export async function createKey(opts: { name: string; scope: string; rateLimit?: string }, out: (line: string) => void): Promise<string> {
  const parsed = ApiKeyScope.safeParse(opts.scope);
  if (!parsed.success) throw new Error(`--scope must be one of ${ApiKeyScope.options.join(', ')}`);
  const scope = parsed.data;
  const rateLimitPerMin = opts.rateLimit ? Number.parseInt(opts.rateLimit, 10) : Number(process.env.RATE_LIMIT_PER_MIN ?? 120_000);
  if (!Number.isInteger(rateLimitPerMin) || rateLimitPerMin < 1) throw new Error('--rate-limit must be a positive integer (requests per minute)');
  const { principal, key } = await withRepos((r) => r.apiKeys.create({ name: opts.name, scope, rateLimitPerMin }));
  out(key);
  process.stderr.write(`created ${scope} key ${principal.id} (${principal.name}, ${rateLimitPerMin}/min). It is shown only once: store it now.\n`);
  return key;
}

export async function listKeys(out: (line: string) => void): Promise<void> {
  const keys = await withRepos((r) => r.apiKeys.list());
  for (const k of keys) out(JSON.stringify(k));
}

export async function revokeKey(id: string, out: (line: string) => void): Promise<void> {
  const ok = await withRepos((r) => r.apiKeys.revoke(id));
  if (!ok) throw new Error(`no active key ${id}`);
  out(`revoked ${id} (gateways stop accepting it within API_KEY_CACHE_TTL_MS)`);
}
