import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ProcessSpec {
  /** Label for logs, e.g. `gateway-1`. */
  label: string;
  /** App folder under apps/ (its src/main.ts runs). */
  app: string;
  env: Record<string, string>;
}

/**
 * Runs the project's apps as separate processes in the foreground. A process that dies while the
 * supervisor is not stopping is restarted after a pause; `stop()` sends SIGTERM to all and waits
 * for each to finish its in-flight work.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(
    private readonly specs: ProcessSpec[],
    private readonly onOutput: (label: string, chunk: Buffer) => void = (_l, c) => process.stdout.write(c),
  ) {}

  start(): void {
    for (const spec of this.specs) this.spawn(spec);
  }

  private spawn(spec: ProcessSpec): void {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'apps', spec.app, 'src/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(spec.label, child);
    child.stdout?.on('data', (c: Buffer) => this.onOutput(spec.label, c));
    child.stderr?.on('data', (c: Buffer) => this.onOutput(spec.label, c));
    child.once('exit', (code, signal) => {
      this.children.delete(spec.label);
      if (this.stopping) return;
      process.stderr.write(`[start] ${spec.label} exited (code ${code}, signal ${signal}); restarting in 1 s\n`);
      setTimeout(() => !this.stopping && this.spawn(spec), 1000).unref();
    });
  }

  get running(): number {
    return this.children.size;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise<void>((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            child.once('exit', () => r());
            child.kill(signal);
          }),
      ),
    );
  }
}

/** The standard set: N gateways on PORT, PORT+1, … and the workers. */
export function standardSpecs(opts: {
  gateways: number; rulesWorkers: number; llmWorkers?: number; inferenceWorkers?: number; learningWorker?: boolean; basePort: number; env?: Record<string, string>;
}): ProcessSpec[] {
  const env = opts.env ?? {};
  const specs: ProcessSpec[] = [];
  for (let i = 0; i < opts.gateways; i++) specs.push({ label: `gateway-${i + 1}`, app: 'gateway', env: { ...env, PORT: String(opts.basePort + i) } });
  for (let i = 0; i < opts.rulesWorkers; i++) specs.push({ label: `worker-rules-${i + 1}`, app: 'worker-rules', env });
  for (let i = 0; i < (opts.llmWorkers ?? 1); i++) specs.push({ label: `worker-llm-${i + 1}`, app: 'worker-llm', env });
  // Inference workers (the promoted intent model); none unless asked for (`pnpm start` asks for 1).
  for (let i = 0; i < (opts.inferenceWorkers ?? 0); i++) specs.push({ label: `worker-inference-${i + 1}`, app: 'worker-inference', env });
  // The learning worker (ingest, scheduled retraining, promotion): one at most, off unless asked for.
  if (opts.learningWorker) specs.push({ label: 'worker-learning', app: 'worker-learning', env });
  return specs;
}
