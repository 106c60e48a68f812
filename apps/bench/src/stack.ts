import { readFileSync } from 'node:fs';
import { createDatabase, createRepositories, migrateToLatest } from '@npc/persistence';
import { deleteRedisPrefix, isolatedEnv, startApp, type AppProcess } from '@npc/testing';

export interface BenchStack {
  urls: string[];
  key: string;
  prefix: string;
  countStored(): Promise<number>;
  /** CPU seconds (user + system) used so far by the gateway processes and by the worker processes. */
  cpuSeconds(): { gateways: number; workers: number };
  stop(): Promise<void>;
}

/** CPU seconds (utime + stime) of a live process, from /proc (Linux); 0 when unreadable. */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5) (utime, stime) are at 11 and 12 after the command name; clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** How long an app may take to start (a busy machine compiles TypeScript slowly). */
const START_MS = 90_000;

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Starts gateways and rules workers as separate processes on their own prefix and schema. */
export async function startBenchStack(o: { gateways: number; workers: number; llmWorkers?: number; basePort: number; env?: Record<string, string> }): Promise<BenchStack> {
  const iso = isolatedEnv();
  const database = createDatabase({ url: DATABASE_URL, schema: iso.DATABASE_SCHEMA, poolSize: 2 });
  await migrateToLatest(database);
  const repos = createRepositories(database.db);
  const { key } = await repos.apiKeys.create({ name: 'bench', scope: 'admin', rateLimitPerMin: 100_000_000 });
  const env: Record<string, string> = { ...iso, DATABASE_URL, LOG_LEVEL: 'warn', ...o.env };
  // NPC_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the gateway and workers.
  if (process.env.NPC_NODE_ARGS) env.NPC_NODE_ARGS = process.env.NPC_NODE_ARGS;
  const procs: AppProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < o.gateways; i++) {
    const port = o.basePort + i;
    procs.push(startApp('gateway', { ...env, PORT: String(port), LOG_LEVEL: 'info' }));
    urls.push(`http://127.0.0.1:${port}`);
  }
  for (let i = 0; i < o.workers; i++) procs.push(startApp('worker-rules', { ...env, LOG_LEVEL: 'info' }));
  for (let i = 0; i < (o.llmWorkers ?? 0); i++) procs.push(startApp('worker-llm', { ...env, LOG_LEVEL: 'info' }));
  try {
    await Promise.all(procs.map((p, i) => p.waitFor(i < o.gateways ? /gateway listening/ : i < o.gateways + o.workers ? /rules worker ready/ : /llm worker ready/, START_MS)));
  } catch (err) {
    // One did not start: stop the others too, or they outlive the bench.
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    throw err;
  }
  return {
    urls,
    key,
    prefix: iso.QUEUE_PREFIX,
    countStored: () => repos.decisions.count(),
    cpuSeconds: () => ({
      gateways: procs.slice(0, o.gateways).reduce((a, p) => a + processCpuSeconds(p.child.pid), 0),
      workers: procs.slice(o.gateways).reduce((a, p) => a + processCpuSeconds(p.child.pid), 0),
    }),
    async stop() {
      await Promise.all(procs.map((p) => p.stop('SIGTERM')));
      await database.db.schema.dropSchema(iso.DATABASE_SCHEMA).ifExists().cascade().execute();
      await database.close();
      await deleteRedisPrefix(iso.QUEUE_PREFIX);
    },
  };
}
