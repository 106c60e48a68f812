import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const shutdownModule = fileURLToPath(new URL('./shutdown.ts', import.meta.url));

/** A process whose close takes `closeMs`; the signals are sent `gapsMs` apart once it is ready. */
function run(closeMs: number, signals: [NodeJS.Signals, number][]): Promise<{ code: number | null; out: string }> {
  const script = `
    import { onShutdown } from ${JSON.stringify(shutdownModule)};
    const log = { info: (...a) => console.log(JSON.stringify(a)), warn: (...a) => console.log(JSON.stringify(a)), error: (...a) => console.log(JSON.stringify(a)) };
    onShutdown(log, () => new Promise((r) => setTimeout(r, ${closeMs})), 5000);
    console.log('ready');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      const first = !out.includes('ready');
      out += d.toString();
      if (first && out.includes('ready')) {
        let at = 0;
        for (const [signal, gap] of signals) setTimeout(() => child.kill(signal), (at += gap));
      }
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('onShutdown', () => {
  it('treats a signal arriving right after the first as the same stop: closes cleanly', async () => {
    const r = await run(300, [['SIGINT', 0], ['SIGTERM', 20]]);
    expect(r.out).toContain('shut down cleanly');
    expect(r.out).not.toContain('second signal');
    expect(r.code).toBe(0);
  }, 15_000);

  it('a later second signal forces the exit', async () => {
    const r = await run(3000, [['SIGTERM', 0], ['SIGTERM', 800]]);
    expect(r.out).toContain('second signal: exiting now');
    expect(r.code).toBe(1);
  }, 15_000);
});
