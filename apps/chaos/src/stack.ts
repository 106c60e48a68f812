import { createDatabase, createRepositories, migrateToLatest, type DatabaseHandle } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv, startApp, type AppProcess } from '@npc/testing';
import { api } from '@npc/gateway-client';
import { freePort } from './infra';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface GatewayProc {
  proc: AppProcess;
  url: string;
}

/**
 * Gateways and workers as separate processes (so they can be killed), on their own queue prefix
 * and PostgreSQL schema; counts what PostgreSQL holds directly (never through a scenario's proxy).
 */
export class ChaosStack {
  readonly procs: AppProcess[] = [];
  private constructor(
    readonly iso: { QUEUE_PREFIX: string; DATABASE_SCHEMA: string },
    readonly env: Record<string, string>,
    readonly db: DatabaseHandle,
    readonly key: string,
  ) {}

  /** `env` applies to every process (e.g. REDIS_URL of a scratch Redis, DATABASE_URL of a proxy). */
  static async start(env: Record<string, string> = {}): Promise<ChaosStack> {
    const iso = isolatedEnv();
    const db = createDatabase({ url: DATABASE_URL, schema: iso.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-chaos' });
    await migrateToLatest(db);
    const { key } = await createRepositories(db.db).apiKeys.create({ name: 'chaos', scope: 'admin', rateLimitPerMin: 100_000_000 });
    return new ChaosStack(iso, { ...iso, DATABASE_URL, REDIS_URL, LOG_LEVEL: 'info', ...env }, db, key);
  }

  async gateway(extra: Record<string, string> = {}): Promise<GatewayProc> {
    const port = await freePort();
    const proc = startApp('gateway', { ...this.env, PORT: String(port), ...extra });
    this.procs.push(proc);
    await proc.waitFor(/gateway listening/, 30_000);
    return { proc, url: `http://127.0.0.1:${port}` };
  }

  async rulesWorker(extra: Record<string, string> = {}): Promise<AppProcess> {
    const proc = startApp('worker-rules', { ...this.env, ...extra });
    this.procs.push(proc);
    await proc.waitFor(/rules worker ready/, 30_000);
    return proc;
  }

  async llmWorker(extra: Record<string, string> = {}): Promise<AppProcess> {
    const proc = startApp('worker-llm', { ...this.env, ...extra });
    this.procs.push(proc);
    await proc.waitFor(/llm worker ready/, 30_000);
    return proc;
  }

  /** How many of these decisions PostgreSQL holds. */
  async stored(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db.pool.query<{ n: number }>(`select count(*)::int as n from ${this.iso.DATABASE_SCHEMA}.decisions where id = any($1::uuid[])`, [ids]);
    return r.rows[0]?.n ?? 0;
  }

  /** Ledger rows of LLM calls that reached a provider (refusals before a call excluded). */
  async ledgerRows(): Promise<number> {
    const r = await this.db.pool.query<{ n: number }>(
      `select count(*)::int as n from ${this.iso.DATABASE_SCHEMA}.llm_calls where outcome not in ('breaker_open', 'budget_refused')`,
    );
    return r.rows[0]?.n ?? 0;
  }

  /**
   * For a failed scenario: each process, how it ended, and its last warnings, errors and non-JSON
   * lines (a crash's stack trace), so a failure in CI says why.
   */
  diagnostics(linesPerProcess = 12): string {
    return this.procs.map((p) => {
      const { pid, exitCode, signalCode } = p.child;
      const state = exitCode === null && signalCode === null ? 'running' : `exited ${exitCode ?? signalCode}`;
      const notable = p.output().split('\n').filter((line) => {
        if (!line.trim()) return false;
        try {
          return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 40;
        } catch {
          return true;
        }
      });
      return [`  ${p.name} pid ${pid}: ${state}`, ...notable.slice(-linesPerProcess).map((l) => `    ${l.slice(0, 400)}`)].join('\n');
    }).join('\n');
  }

  /** Everything every process printed (JSON log lines). */
  logs(): string {
    return this.procs.map((p) => p.output()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop('SIGKILL')));
    await this.db.db.schema.dropSchema(this.iso.DATABASE_SCHEMA).ifExists().cascade().execute().catch(() => undefined);
    await this.db.close();
    await deleteRedisPrefix(this.iso.QUEUE_PREFIX, this.env.REDIS_URL).catch(() => undefined);
  }
}

/** PUT an NPC through a gateway (throws `ApiError` on an error status). */
export async function putNpc(url: string, key: string, id: string, body: unknown): Promise<void> {
  await api({ url, key }, 'PUT', `/v1/npcs/${id}`, body);
}

export async function ready(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}
