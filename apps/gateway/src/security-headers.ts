import type { FastifyReply } from 'fastify';

/** The dashboard's page and files: no inline script or style, so the CSP forbids both. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every admin page and admin answer: no framing, no sniffing, no referrer, no caching. */
export function securityHeaders(reply: FastifyReply, csp: string | null = DASHBOARD_CSP): FastifyReply {
  if (csp) reply.header('content-security-policy', csp);
  return reply
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-store');
}
