/** True for errors that mean Redis or PostgreSQL cannot be reached right now (→ 503). */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P03'].includes(code)) return true;
    if (code.startsWith('08')) return true; // PostgreSQL connection exceptions
  }
  if (err.name === 'MaxRetriesPerRequestError') return true;
  return /Connection (is )?closed|Connection terminated|timeout exceeded when trying to connect|Stream isn't writeable|connect ECONNREFUSED|Client has encountered a connection error|Reached the max retries|getaddrinfo/i.test(err.message);
}
