import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface AppProcess {
  /** The app's folder name (`gateway`, `worker-rules`, …). */
  name: string;
  child: ChildProcess;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
  /** Resolves when a line matching `pattern` appears (or rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Sends `signal` and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts one of the project's apps (`apps/<name>/src/main.ts`) as a separate process. */
export function startApp(name: string, env: Record<string, string>, entry = 'src/main.ts'): AppProcess {
  // `node --import tsx` (not the tsx binary, which forks a second process) so that signals,
  // SIGKILL included, reach the app itself.
  // NPC_NODE_ARGS adds node flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for profiling).
  const extra = (env.NPC_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', resolve(REPO_ROOT, 'apps', name, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watchProcess(name, child);
}

/**
 * Collects what a spawned process prints and waits for lines of it (any program: the project's
 * apps, or rAthena's servers in the bridge's end-to-end suite). `waitFor` fails at once when the
 * process exits first.
 */
export function watchProcess(name: string, child: ChildProcess): AppProcess {
  let out = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  const onData = (b: Buffer) => {
    out += b.toString();
    notify();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => {
    r(code);
    notify();
  }));
  return {
    name,
    child,
    output: () => out,
    waitFor(pattern, ms = 20_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const m = out.split('\n').find((line) => pattern.test(line));
          if (m !== undefined) {
            cleanup();
            resolvePromise(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before a line matching ${pattern}; output:\n${out.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no line matching ${pattern} within ${ms} ms; output:\n${out.slice(-4000)}`));
        }, ms);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `pnpm npc …` as a process (`node --import tsx apps/cli/src/main.ts …`), `env` over the current environment. */
export function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'apps/cli/src/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
