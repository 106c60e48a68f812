import type { Logger } from 'pino';

/** Signals this soon after the first are the same stop delivered twice (Ctrl-C reaches the whole process group, and `pnpm start` forwards it too). */
export const DUPLICATE_SIGNAL_MS = 500;

/**
 * Runs `close` once on SIGTERM/SIGINT, then exits. A second signal (later than
 * `DUPLICATE_SIGNAL_MS` after the first), or `timeoutMs` passing, forces the exit so a stuck
 * dependency can never keep a process alive.
 */
export function onShutdown(log: Logger, close: () => Promise<void>, timeoutMs = 10_000): void {
  let closingSince = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (closingSince) {
      if (Date.now() - closingSince < DUPLICATE_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closingSince = Date.now();
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        log.info('shut down cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
