import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { until } from './infra';

const run = promisify(execFile);

/** Whether `port` can be bound on loopback now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `n` free loopback ports whose cluster-bus ports (+10000) are free too. */
async function clusterPorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let tries = 0; out.length < n && tries < 500; tries++) {
    const p = 20_000 + Math.floor(Math.random() * 20_000);
    if (out.includes(p) || out.includes(p + 10_000) || out.includes(p - 10_000)) continue;
    if ((await portFree(p)) && (await portFree(p + 10_000))) out.push(p);
  }
  if (out.length < n) throw new Error('no free loopback ports for a Redis Cluster');
  return out;
}

/** redis-cli with the cluster's password (REDISCLI_AUTH: not on the command line). */
async function cli(password: string, port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000, env: { ...process.env, REDISCLI_AUTH: password } });
  return stdout;
}

/**
 * A throwaway Redis Cluster of `masters` masters (no replicas) on free loopback ports, in a temp
 * dir, without persistence (`--save "" --appendonly no`): `redis-server --cluster-enabled yes`
 * per node, then `redis-cli --cluster create … --cluster-yes`, ready once every node says
 * `cluster_state:ok`. Every node requires a password (`requirepass`, and `masterauth` between
 * nodes): the stack gets it through REDIS_URL's credentials, as the Cluster path reads them.
 * `start()` cleans up after itself when it fails; `close()` kills the nodes and removes the dir.
 */
export class RedisClusterFixture {
  private readonly children: ChildProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'npc-redis-cluster-'));
  readonly password = randomBytes(12).toString('hex');

  private constructor(readonly ports: number[]) {}

  /** `127.0.0.1:p1,127.0.0.1:p2,…`: the value of REDIS_CLUSTER_NODES. */
  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** REDIS_URL beside REDIS_CLUSTER_NODES: never connected to, it lends the cluster its credentials. */
  get credentialsUrl(): string {
    return `redis://:${this.password}@127.0.0.1:1`;
  }

  static async start(masters = 3): Promise<RedisClusterFixture> {
    const c = new RedisClusterFixture(await clusterPorts(masters));
    try {
      await c.up();
      return c;
    } catch (err) {
      await c.close();
      throw err;
    }
  }

  private async up(): Promise<void> {
    for (const port of this.ports) {
      const child = spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', join(this.dir, `nodes-${port}.conf`), '--cluster-node-timeout', '5000',
        '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no', '--loglevel', 'warning',
        '--requirepass', this.password, '--masterauth', this.password,
      ], { stdio: 'ignore' });
      this.children.push(child);
    }
    for (const port of this.ports) {
      if (!(await until(async () => (await cli(this.password, port, 'PING')).trim() === 'PONG', 10_000, 50))) throw new Error(`redis-server did not start on ${port}`);
    }
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000, env: { ...process.env, REDISCLI_AUTH: this.password } });
    const ok = await until(async () => {
      for (const port of this.ports) {
        if (!/cluster_state:ok/.test(await cli(this.password, port, 'CLUSTER', 'INFO'))) return false;
      }
      return true;
    }, 20_000, 100);
    if (!ok) throw new Error('redis cluster did not reach cluster_state:ok');
  }

  /** The port of the master serving the slot of `key` (e.g. a `{prefix}` hashtag). */
  async masterOf(key: string): Promise<number> {
    const slot = Number((await cli(this.password, this.ports[0]!, 'CLUSTER', 'KEYSLOT', key)).trim());
    const lines = (await cli(this.password, this.ports[0]!, 'CLUSTER', 'NODES')).trim().split('\n');
    for (const line of lines) {
      const parts = line.split(' ');
      if (!parts[2]?.includes('master')) continue;
      const port = Number(parts[1]!.split('@')[0]!.split(':').pop());
      for (const range of parts.slice(8)) {
        const [a, b] = range.split('-').map(Number);
        if (a !== undefined && slot >= a && slot <= (b ?? a)) return port;
      }
    }
    throw new Error(`no master for slot ${slot}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    })));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
