import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '@npc/testing';

export { freePort };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true or `ms` pass; returns whether it did. */
export async function until(check: () => Promise<boolean> | boolean, ms: number, everyMs = 100): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

/**
 * Credentials of a scratch Redis: a password for the default user (`requirepass`), or ACL users
 * (the default user switched off): `user` for the stack, limited to keys and channels matching
 * `keys` (e.g. `{npc-t-*`), and an unrestricted `admin` for the test itself.
 */
export type ScratchAuth =
  | { kind: 'password'; password: string }
  | { kind: 'acl'; user: string; password: string; keys: string; admin: { user: string; password: string } };

/**
 * A throwaway redis-server of our own on a free loopback port, without persistence
 * (`--save "" --appendonly no`), that a scenario may stop and start again. Never the machine's
 * 6379 instance. It always requires authentication (a random password by default), so every
 * scenario runs the stack with credentials in REDIS_URL, as deploy/ sets them.
 */
export class ScratchRedis {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'npc-chaos-redis-'));

  private constructor(
    readonly port: number,
    readonly auth: ScratchAuth,
  ) {}

  static async start(auth: ScratchAuth = { kind: 'password', password: randomBytes(12).toString('hex') }): Promise<ScratchRedis> {
    const r = new ScratchRedis(await freePort(), auth);
    await r.up();
    return r;
  }

  /** REDIS_URL for the stack: with its credentials. */
  get url(): string {
    const who = this.auth.kind === 'acl' ? `${encodeURIComponent(this.auth.user)}:${encodeURIComponent(this.auth.password)}` : `:${encodeURIComponent(this.auth.password)}`;
    return `redis://${who}@127.0.0.1:${this.port}`;
  }

  /** A URL with unrestricted rights (the ACL admin, or the password). */
  get adminUrl(): string {
    if (this.auth.kind === 'password') return this.url;
    return `redis://${encodeURIComponent(this.auth.admin.user)}:${encodeURIComponent(this.auth.admin.password)}@127.0.0.1:${this.port}`;
  }

  /** The same server without credentials. */
  get anonymousUrl(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private authArgs(): string[] {
    const a = this.auth;
    if (a.kind === 'password') return ['--requirepass', a.password];
    return [
      '--user', 'default', 'off',
      '--user', a.user, 'on', `>${a.password}`, 'resetkeys', `~${a.keys}`, 'resetchannels', `&${a.keys}`, '+@all', '-flushall', '-flushdb', '-acl', '-config', '-shutdown', '-debug',
      '--user', a.admin.user, 'on', `>${a.admin.password}`, '~*', '&*', '+@all',
    ];
  }

  async up(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no', '--loglevel', 'warning', ...this.authArgs()], { stdio: 'ignore' });
    const ok = await until(async () => {
      const c = new Redis(this.adminUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => undefined);
      try {
        await c.connect();
        return (await c.ping()) === 'PONG';
      } finally {
        c.disconnect();
      }
    }, 10_000, 50);
    if (!ok) throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Stops it the hard way (SIGKILL): whatever it held is gone. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TCP proxy on loopback in front of a server (PostgreSQL here) that can be cut (every connection
 * dropped, new ones refused) and restored: an outage without touching the server itself.
 */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  connections = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    const p = new CuttableProxy(await freePort(), target);
    await p.restore();
    return p;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  restore(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((client) => {
      this.connections++;
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Drops every connection and stops listening (connects are refused until `restore`). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  async close(): Promise<void> {
    await this.cut();
  }
}
