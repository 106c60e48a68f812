/** Runs the CLI as a user would, for this folder's tests (not exported). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '@npc/testing';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx apps/cli/src/main.ts …` with `env` over the current environment. */
export function npc(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/cli/src/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
