/**
 * A real rAthena server for the end-to-end suite (`pnpm test:rathena`): login, char and map
 * servers built from ../shared/rathena (build.sh), run from a scratch directory on loopback ports
 * with a database of their own (created, filled with rAthena's SQL, the headless player and the
 * request table, dropped at the end), and extra NPC scripts loaded through `npc:` lines.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mariadb, { type Pool } from 'mariadb';
import { watchProcess, type AppProcess } from '@npc/testing';

export interface MariaDbAdmin {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface RathenaRun {
  /** The scratch directory the servers run in. */
  dir: string;
  database: string;
  user: string;
  password: string;
  ports: { login: number; char: number; map: number };
  login: AppProcess;
  char: AppProcess;
  map: AppProcess;
  /** How long each step took (ms): database, login → char → map ready. */
  timings: Record<string, number>;
  /** Stops the servers (SIGTERM, then SIGKILL), drops the database and its user, removes the directory. */
  stop(): Promise<void>;
}

export interface RathenaOptions {
  /** The built tree (build.sh's output). */
  home: string;
  admin: MariaDbAdmin;
  /** Extra NPC script files (absolute paths), loaded after the server's own. */
  scripts: readonly string[];
  /** SQL files run after rAthena's own (the request table, the headless player…). */
  sql: readonly string[];
  /** A suffix naming the database and user of this run. */
  runId: string;
}

const freePort = (): Promise<number> =>
  new Promise((r, j) => {
    const s = createServer().once('error', j).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => r(port));
    });
  });

/** One of rAthena's servers, run from the scratch directory (it reads conf/, db/ and npc/ from there). */
const startServer = (name: string, dir: string): AppProcess => watchProcess(name, spawn(`./${name}`, [], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }));

/** SIGTERM (rAthena saves and closes), SIGKILL after 5 s. */
async function stopServer(p: AppProcess): Promise<void> {
  const killed = setTimeout(() => void p.stop('SIGKILL'), 5000);
  await p.stop('SIGTERM');
  clearTimeout(killed);
}

/** Runs a file of SQL statements (rAthena's own files: no DELIMITER blocks). */
async function runSqlFile(pool: Pool, path: string): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query(readFileSync(path, 'utf8'));
  } finally {
    await conn.release();
  }
}

/** Creates the database and user of a run, fills it, writes the configuration and starts the three servers. */
export async function startRathena(opts: RathenaOptions): Promise<RathenaRun> {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const database = `ragnarok_e2e_${opts.runId}`;
  const user = `e2e_${opts.runId}`;
  const password = `pw_${opts.runId}`;
  const dir = mkdtempSync(join(tmpdir(), 'npc-rathena-'));
  const admin = mariadb.createPool({ ...opts.admin, connectionLimit: 2, multipleStatements: true });
  const procs: AppProcess[] = [];
  const cleanup = async (): Promise<void> => {
    for (const p of procs.reverse()) await stopServer(p);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      for (const host of ['%', 'localhost']) await admin.query(`DROP USER IF EXISTS '${user}'@'${host}'`);
    } finally {
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    for (const host of ['%', 'localhost']) {
      await admin.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT ALL ON \`${database}\`.* TO '${user}'@'${host}'`);
    }
    const db = mariadb.createPool({ ...opts.admin, database, connectionLimit: 1, multipleStatements: true });
    try {
      for (const f of ['main.sql', 'logs.sql', 'web.sql', 'roulette_default_data.sql']) await runSqlFile(db, resolve(opts.home, 'sql-files', f));
      for (const f of opts.sql) await runSqlFile(db, f);
    } finally {
      await db.end();
    }
    timings.database = Math.round(performance.now() - t0);

    // The scratch directory: the tree's read-only parts linked, conf/ copied (its import/ is ours).
    for (const name of ['db', 'npc', 'sql-files', 'login-server', 'char-server', 'map-server']) symlinkSync(resolve(opts.home, name), join(dir, name));
    cpSync(resolve(opts.home, 'conf'), join(dir, 'conf'), { recursive: true });
    mkdirSync(join(dir, 'log'), { recursive: true });
    const ports = { login: await freePort(), char: await freePort(), map: await freePort() };
    const sqlConf = ['login_server', 'ipban_db', 'char_server', 'map_server', 'web_server', 'log_db']
      .flatMap((k) => [`${k}_ip: 127.0.0.1`, `${k}_port: ${opts.admin.port}`, `${k}_id: ${user}`, `${k}_pw: ${password}`, `${k}_db: ${database}`]);
    const write = (name: string, lines: string[]) => writeFileSync(join(dir, 'conf/import', name), `${lines.join('\n')}\n`);
    write('inter_conf.txt', sqlConf);
    write('login_conf.txt', ['bind_ip: 127.0.0.1', `login_port: ${ports.login}`, 'console: off']);
    write('char_conf.txt', ['bind_ip: 127.0.0.1', 'login_ip: 127.0.0.1', `login_port: ${ports.login}`, 'char_ip: 127.0.0.1', `char_port: ${ports.char}`, 'pincode_enabled: no', 'console: off']);
    write('map_conf.txt', [
      'bind_ip: 127.0.0.1', 'char_ip: 127.0.0.1', `char_port: ${ports.char}`, 'map_ip: 127.0.0.1', `map_port: ${ports.map}`, 'console: off',
      ...opts.scripts.map((s) => `npc: ${s}`),
    ]);
    // Autotrade vendors (the headless player) come back 200 ms after the map-server is ready.
    write('battle_conf.txt', ['feature.autotrade_open_delay: 200']);
    for (const f of ['log_conf.txt', 'web_conf.txt']) if (!existsSync(join(dir, 'conf/import', f))) write(f, []);

    const login = startServer('login-server', dir);
    procs.push(login);
    await login.waitFor(/The login-server is ready/, 60_000);
    timings.login = Math.round(performance.now() - t0);
    const char = startServer('char-server', dir);
    procs.push(char);
    await char.waitFor(/The char-server is ready/, 60_000);
    timings.char = Math.round(performance.now() - t0);
    const map = startServer('map-server', dir);
    procs.push(map);
    await map.waitFor(/Map Server is now online/, 180_000);
    timings.map = Math.round(performance.now() - t0);
    return { dir, database, user, password, ports, login, char, map, timings, stop: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
