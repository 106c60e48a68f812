import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; `name` says which process wrote the line. Secrets are redacted. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid, app: name },
    redact: { paths: ['req.headers.authorization', 'authorization', 'apiKey', 'key'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
