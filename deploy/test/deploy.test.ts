/**
 * deploy/deploy.sh and deploy/rollback.sh for real, with plain processes instead of systemd:
 * releases in a temp NPC_ROOT, the gateway and a rules worker started from each release, the real
 * Redis and PostgreSQL of this machine (own key prefix and schema), loopback only.
 *
 *   r1 good → deployed; r2's gateway exits at start → gate fails → back to r1;
 *   r3's migration commits a side effect then fails → backup restored, nothing restarted;
 *   r4 good → deployed; rollback.sh by hand → r1.
 * Then the systemd branch against a recording stand-in for systemctl, the units and env examples
 * against the apps and their config schemas, and the runbook links.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayEnv, InferenceWorkerEnv, LearningWorkerEnv, LlmWorkerEnv, WorkerEnv } from '../../packages/config/src/env';
import { createDatabase, createRepositories, migrateToLatest, type DatabaseHandle } from '../../packages/persistence/src/index';
import { REPO_ROOT, deleteRedisPrefix, isolatedEnv, runId } from '../../packages/testing/src/index';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const id = runId();
const { QUEUE_PREFIX, DATABASE_SCHEMA } = isolatedEnv(id);
const tmp = mkdtempSync(join(tmpdir(), 'npc-deploy-'));
const NPC_ROOT = join(tmp, 'root');
let port = 0;
let database: DatabaseHandle;

interface Run {
  code: number;
  output: string;
}
function sh(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((r) => {
    execFile('bash', [resolve(REPO_ROOT, 'deploy', script), ...args], { env: { ...process.env, NPC_ROOT, ...env }, timeout: 120_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      r({ code, output: `${stdout}${stderr}` });
    });
  });
}
const deploy = (name: string, source: string) => sh('deploy.sh', ['--prebuilt', '--name', name, source]);
const current = () => basename(readlinkSync(join(NPC_ROOT, 'current')));
const pidOf = (app: string) => Number(readFileSync(join(NPC_ROOT, 'shared/run', `${app}@1.pid`), 'utf8'));
const releaseOf = (pid: number) => basename(readlinkSync(`/proc/${pid}/cwd`));
const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => (await database.pool.query(text)).rows as T[];

/** A release source: the working tree without node_modules, plus a link to the installed node_modules. */
function makeSource(name: string, change?: (dir: string) => void): string {
  const dir = join(tmp, `src-${name}`);
  cpSync(REPO_ROOT, dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = src.slice(REPO_ROOT.length);
      return rel !== '/node_modules' && rel !== '/.git' && !rel.startsWith('/.git/') && !rel.startsWith('/coverage') && !rel.startsWith('/.turbo');
    },
  });
  // The per-package node_modules (pnpm's links) came along; the root one is the installed store.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  change?.(dir);
  return dir;
}

async function gatewayAnswers(): Promise<boolean> {
  const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
  return ready?.status === 200;
}

async function ask(key: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ npc: { id: 'deploy_smoke' }, player: { id: 'p1' }, event: { type: 'talk', text: 'hello there' }, allowedActions: ['talk'], deadlineMs: 1000 }),
  });
  return res.status;
}

let smokeKey = '';
beforeAll(async () => {
  port = await new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });
  // What the operator does once before the first deploy (deploy/README.md): schema + a smoke key.
  database = createDatabase({ url: DATABASE_URL, schema: DATABASE_SCHEMA, poolSize: 2, applicationName: 'deploy-test' });
  await migrateToLatest(database);
  smokeKey = (await createRepositories(database.db).apiKeys.create({ name: 'deploy-smoke', scope: 'npc:write', rateLimitPerMin: 100_000 })).key;
  const env = join(NPC_ROOT, 'shared/env');
  mkdirSync(env, { recursive: true });
  writeFileSync(join(env, 'common.env'), [`DATABASE_URL=${DATABASE_URL}`, `DATABASE_SCHEMA=${DATABASE_SCHEMA}`, `QUEUE_PREFIX=${QUEUE_PREFIX}`, `REDIS_URL=${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}`, 'SHUTDOWN_TIMEOUT_MS=3000', 'LOG_LEVEL=info', ''].join('\n'));
  writeFileSync(join(env, 'gateway.env'), [`PORT=${port}`, 'HOST=127.0.0.1', 'LLM_ROUTE=off', ''].join('\n'));
  writeFileSync(join(env, 'worker-rules.env'), 'WORKER_CONCURRENCY=8\n');
  writeFileSync(
    join(env, 'deploy.env'),
    ['NPC_PROCESS_MANAGER=plain', 'NPC_APPS="worker-rules:1 gateway"', `NPC_NODE=${process.execPath}`, 'NPC_GATE_TIMEOUT_S=30', `NPC_SMOKE_KEY=${smokeKey}`, 'NPC_STOP_TIMEOUT_S=15', ''].join('\n'),
  );
});

afterAll(async () => {
  await sh('services.sh', ['stop']);
  await database?.db.schema.dropSchema(DATABASE_SCHEMA).ifExists().cascade().execute();
  await database?.close();
  await deleteRedisPrefix(QUEUE_PREFIX);
  rmSync(tmp, { recursive: true, force: true });
});

describe('deploy.sh with plain processes', () => {
  it('deploys release 1: backup, migrate, start, health gate with a smoke decision', async () => {
    const r = await deploy('r1', makeSource('r1'));
    expect(r.code, r.output).toBe(0);
    expect(current()).toBe('r1');
    expect(r.output).toMatch(/backup: .*r1-.*\.sql\.gz/);
    expect(r.output).toMatch(/gate: smoke decision ok/);
    expect(releaseOf(pidOf('gateway'))).toBe('r1');
    expect(releaseOf(pidOf('worker-rules'))).toBe('r1');
    expect(await gatewayAnswers()).toBe(true);
    expect(await ask(smokeKey)).toBe(200);
    // deploy/npc.sh: the CLI of the current release with the host's env files.
    const keys = await sh('npc.sh', ['keys', 'list']);
    expect(keys.code, keys.output).toBe(0);
    expect(keys.output).toMatch(/"name":"deploy-smoke"/);
  });

  it('release 2 fails its gate (its gateway exits at start): current goes back to release 1, which answers again', async () => {
    const src = makeSource('r2', (dir) => {
      const main = join(dir, 'apps/gateway/src/main.ts');
      writeFileSync(main, `console.error('release r2: broken on purpose');\nprocess.exit(1);\n${readFileSync(main, 'utf8')}`);
    });
    const r = await deploy('r2', src);
    expect(r.code, r.output).toBe(3);
    expect(r.output).toMatch(/gate: gateway@1 exited/);
    expect(r.output).toMatch(/rolled back to r1/);
    expect(current()).toBe('r1');
    expect(releaseOf(pidOf('gateway'))).toBe('r1');
    expect(releaseOf(pidOf('worker-rules'))).toBe('r1');
    expect(await gatewayAnswers()).toBe(true);
    expect(await ask(smokeKey)).toBe(200);
    expect(existsSync(join(NPC_ROOT, 'releases/r2/.npc-failed'))).toBe(true);
    expect(readFileSync(join(NPC_ROOT, 'shared/log/gateway@1.log'), 'utf8')).toMatch(/release r2: broken on purpose/);
  });

  it('release 3 fails its migration after a committed side effect: the backup is restored, nothing restarts', async () => {
    const before = pidOf('gateway');
    const src = makeSource('r3', (dir) => {
      writeFileSync(
        join(dir, 'migrations/9999_broken.ts'),
        [
          "import { execFileSync } from 'node:child_process';",
          '// A step outside the migration transaction (as CREATE INDEX CONCURRENTLY would be), then a failure.',
          'export async function up(): Promise<void> {',
          "  execFileSync('psql', [process.env.DATABASE_URL!, '-X', '-q', '-c', `CREATE TABLE \"${process.env.DATABASE_SCHEMA}\".stray_from_r3 (id int)`]);",
          "  throw new Error('migration 9999 fails on purpose');",
          '}',
          '',
        ].join('\n'),
      );
    });
    const r = await deploy('r3', src);
    expect(r.code, r.output).toBe(2);
    expect(r.output).toMatch(/migration 9999 fails on purpose/);
    expect(r.output).toMatch(/restore: schema .* from .*r3-.*\.sql\.gz/);
    expect(current()).toBe('r1');
    expect(pidOf('gateway')).toBe(before);
    expect(await sql(`SELECT 1 FROM pg_tables WHERE schemaname = '${DATABASE_SCHEMA}' AND tablename = 'stray_from_r3'`)).toHaveLength(0);
    const applied = (await sql<{ name: string }>(`SELECT name FROM "${DATABASE_SCHEMA}".kysely_migration`)).map((m) => m.name);
    expect(applied).not.toContain('9999_broken');
    expect(applied.length).toBeGreaterThan(0);
    // The data survived the restore: the smoke key still authenticates.
    expect(await ask(smokeKey)).toBe(200);
  });

  it('release 4 deploys; rollback.sh by hand returns to the last good release before it (r1)', async () => {
    const r = await deploy('r4', makeSource('r4'));
    expect(r.code, r.output).toBe(0);
    expect(current()).toBe('r4');
    expect(releaseOf(pidOf('gateway'))).toBe('r4');

    const list = await sh('rollback.sh', ['--list']);
    expect(list.output).toMatch(/\* r4 good/);
    expect(list.output).toMatch(/r2 +failed/);

    const back = await sh('rollback.sh');
    expect(back.code, back.output).toBe(0);
    expect(current()).toBe('r1');
    expect(releaseOf(pidOf('gateway'))).toBe('r1');
    expect(await ask(smokeKey)).toBe(200);
    const history = readFileSync(join(NPC_ROOT, 'shared/state/history'), 'utf8');
    expect(history).toMatch(/deploy r2 gate-failed rolled-back-to=r1/);
    expect(history).toMatch(/deploy r3 migration-failed restored=.*r3-/);
    expect(history).toMatch(/rollback r4 -> r1 ok/);
  });
});

describe('systemd mode (a recording stand-in for systemctl)', () => {
  it('services.sh restart: instances 1..N enabled when none runs, the running ones restarted, in NPC_APPS order', async () => {
    const bin = join(tmp, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    const calls = join(tmp, 'systemctl.log');
    const units = join(tmp, 'systemctl.units');
    writeFileSync(
      join(bin, 'systemctl'),
      [
        '#!/usr/bin/env bash',
        `echo "$*" >> ${JSON.stringify(calls)}`,
        'case $1 in',
        // list-units … PATTERN: the lines of the units file whose name matches the glob
        `  list-units) pattern=\${!#}; while read -r u rest; do [[ -n $u && $u == $pattern ]] && echo "$u $rest"; done < ${JSON.stringify(units)} ;;`,
        '  show) echo 0 ;;',
        '  is-failed) exit 1 ;;',
        'esac',
        'exit 0',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    // Its own root: a release directory and `current`, no processes.
    const root = join(tmp, 'systemd-root');
    mkdirSync(join(root, 'releases/s1'), { recursive: true });
    symlinkSync('releases/s1', join(root, 'current'));
    const env = { NPC_ROOT: root, PATH: `${bin}:${process.env.PATH}`, NPC_PROCESS_MANAGER: 'systemd', NPC_APPS: 'worker-rules:2 worker-llm:1 worker-inference:2 gateway bridge-rathena worker-learning' };

    writeFileSync(units, '');
    const first = await sh('services.sh', ['restart'], env);
    expect(first.code, first.output).toBe(0);
    const mutating = (log: string) => log.split('\n').filter((l) => /^(enable|restart|stop|start)/.test(l));
    expect(mutating(readFileSync(calls, 'utf8'))).toEqual([
      'enable --now npc-worker-rules@1.service npc-worker-rules@2.service',
      'enable --now npc-worker-llm@1.service',
      'enable --now npc-worker-inference@1.service npc-worker-inference@2.service',
      'enable npc-gateway.service',
      'restart npc-gateway.service',
      'enable npc-bridge-rathena.service',
      'restart npc-bridge-rathena.service',
      // One learning worker, a plain unit (not a template).
      'enable npc-worker-learning.service',
      'restart npc-worker-learning.service',
    ]);

    writeFileSync(calls, '');
    writeFileSync(units, ['npc-worker-rules@1.service loaded active running rules 1', 'npc-worker-rules@3.service loaded failed failed rules 3', 'npc-worker-llm@1.service loaded inactive dead llm 1', 'npc-worker-inference@1.service loaded active running inference 1', ''].join('\n'));
    const second = await sh('services.sh', ['restart'], env);
    expect(second.code, second.output).toBe(0);
    expect(mutating(readFileSync(calls, 'utf8'))).toEqual([
      'restart npc-worker-rules@1.service npc-worker-rules@3.service',
      'enable --now npc-worker-llm@1.service',
      'restart npc-worker-inference@1.service',
      'enable npc-gateway.service',
      'restart npc-gateway.service',
      'enable npc-bridge-rathena.service',
      'restart npc-bridge-rathena.service',
      'enable npc-worker-learning.service',
      'restart npc-worker-learning.service',
    ]);

    writeFileSync(calls, '');
    expect((await sh('services.sh', ['stop'], env)).code).toBe(0);
    expect(mutating(readFileSync(calls, 'utf8'))).toEqual([
      'stop npc-worker-learning.service',
      'stop npc-bridge-rathena.service',
      'stop npc-gateway.service',
      'stop npc-worker-inference@1.service',
      'stop npc-worker-rules@1.service npc-worker-rules@3.service',
    ]);

    // The learning worker runs alone: two instances are refused before anything is touched.
    writeFileSync(calls, '');
    const two = await sh('services.sh', ['restart'], { ...env, NPC_APPS: 'worker-rules:1 gateway worker-learning:2' });
    expect(two.code).not.toBe(0);
    expect(two.output).toMatch(/worker-learning runs as one instance/);
    expect(mutating(readFileSync(calls, 'utf8'))).toEqual([]);
  });
});

describe('units and env examples', () => {
  const systemd = resolve(REPO_ROOT, 'deploy/systemd');
  const envDir = resolve(REPO_ROOT, 'deploy/env');
  const units = readdirSync(systemd).filter((f) => f.startsWith('npc-') && f.endsWith('.service'));
  const directive = (text: string, key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
  /** KEY of every `KEY=` and `# KEY=` line of an env example. */
  const keysOf = (file: string) => [...readFileSync(join(envDir, file), 'utf8').matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

  it('has a unit for every app run as a service, the inference worker a template and the learning worker a single unit', () => {
    expect(units.sort()).toEqual([
      'npc-bridge-rathena.service', 'npc-gateway.service', 'npc-worker-inference@.service', 'npc-worker-learning.service', 'npc-worker-llm@.service', 'npc-worker-rules@.service',
    ]);
  });

  it.each(units)('%s: runs an app of the repo as npc, from current, with its env files and the common hardening', (unit) => {
    const text = readFileSync(join(systemd, unit), 'utf8');
    const app = /apps\/([a-z-]+)\/src\/main\.ts/.exec(directive(text, 'ExecStart')[0] ?? '')?.[1];
    expect(app, 'ExecStart runs apps/<app>/src/main.ts').toBeDefined();
    expect(existsSync(resolve(REPO_ROOT, `apps/${app}/src/main.ts`))).toBe(true);
    expect(unit).toBe(unit.includes('@') ? `npc-${app}@.service` : `npc-${app}.service`);
    expect(directive(text, 'User')).toEqual(['npc']);
    expect(directive(text, 'WorkingDirectory')).toEqual(['/opt/npc-brain/current']);
    expect(directive(text, 'PartOf')).toEqual(['npc-brain.target']);
    expect(directive(text, 'WantedBy')).toEqual(['npc-brain.target']);
    const envFiles = directive(text, 'EnvironmentFile');
    expect(envFiles[0]).toBe('/opt/npc-brain/shared/env/common.env');
    expect(envFiles[1]).toBe(`-/opt/npc-brain/shared/env/${app}.env`);
    if (unit.includes('@')) expect(envFiles[2]).toBe(`-/opt/npc-brain/shared/env/${app}@%i.env`);
    expect(existsSync(join(envDir, `${app}.env.example`)), `deploy/env/${app}.env.example`).toBe(true);
    for (const hardening of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes', 'PrivateDevices=yes', 'SystemCallFilter=@system-service', 'CapabilityBoundingSet=']) {
      expect(text.split('\n'), hardening).toContain(hardening);
    }
  });

  it('the model workers write models to shared/models, made writable under ProtectSystem=strict', () => {
    for (const unit of ['npc-worker-inference@.service', 'npc-worker-learning.service']) {
      const text = readFileSync(join(systemd, unit), 'utf8');
      expect(directive(text, 'Environment')).toContain('MODEL_DIR=/opt/npc-brain/shared/models');
      expect(directive(text, 'ReadWritePaths')).toEqual(['/opt/npc-brain/shared/models']);
    }
    expect(readFileSync(resolve(REPO_ROOT, 'deploy/install.sh'), 'utf8')).toMatch(/install -d -o "\$SVC_USER".*"\$ROOT\/shared\/models"/);
  });

  it('every variable an env example names is one its process reads', () => {
    const schemas: Record<string, { shape: Record<string, unknown> }> = {
      'gateway.env.example': GatewayEnv, 'worker-rules.env.example': WorkerEnv, 'worker-llm.env.example': LlmWorkerEnv,
      'worker-inference.env.example': InferenceWorkerEnv, 'worker-learning.env.example': LearningWorkerEnv,
    };
    // Provider keys are read by name from LLM_PROVIDERS' apiKeyEnv, not by the schema.
    const extra: Record<string, string[]> = { 'worker-llm.env.example': ['OPENAI_API_KEY'] };
    for (const [file, schema] of Object.entries(schemas)) {
      const unknown = keysOf(file).filter((k) => !(k in schema.shape) && !(extra[file] ?? []).includes(k));
      expect(unknown, file).toEqual([]);
    }
    expect(keysOf('worker-inference.env.example')).toEqual(expect.arrayContaining(['INFERENCE_DEVICE', 'MODEL_CONFIDENT', 'MODEL_DIR', 'METRICS_PORT']));
    expect(keysOf('worker-learning.env.example')).toEqual(expect.arrayContaining(['LEARN_RETRAIN_CRON', 'LEARN_CORPUS_PER_INTENT', 'LEARN_MIN_SUCCESS_RATE', 'MODEL_DIR']));
  });
});

describe('runbooks', () => {
  const runbooks = resolve(REPO_ROOT, 'docs/runbooks');
  it('every runbook_url of deploy/prometheus/alerts.yml is a runbook in docs/runbooks', () => {
    const alerts = resolve(REPO_ROOT, 'deploy/prometheus/alerts.yml');
    if (!existsSync(alerts)) return;
    const urls = [...readFileSync(alerts, 'utf8').matchAll(/runbook_url:\s*(\S+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(existsSync(resolve(REPO_ROOT, url)), url).toBe(true);
  });
  it('the incident runbooks exist and each names commands to run', () => {
    for (const name of ['provider-outage', 'budget-exhausted', 'queue-backlog', 'queue-store-failover', 'postgres-restore', 'model-rollback', 'api-key-rotation', 'error-rate', 'latency']) {
      const text = readFileSync(join(runbooks, `${name}.md`), 'utf8');
      expect(text, name).toMatch(/```sh\n/);
    }
    expect(readFileSync(join(runbooks, 'api-key-rotation.md'), 'utf8')).toMatch(/npc keys revoke/);
  });
});
