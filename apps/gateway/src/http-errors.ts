import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { zodErrorBody, type ErrorBody, type ErrorCode } from '@npc/contracts';
import type { z } from 'zod';
import { isUnavailable } from './unavailable';

/** An error with the contract's shape: `{ error: { code, message, field? } }` and a status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export const notFound = (what: string, field?: string) => new HttpError(404, 'not_found', `unknown ${what}`, field);

/**
 * A request part (params, body, querystring) that failed its route's zod schema; thrown by the
 * gateway's validator compiler (`schema-compilers.ts`) and answered 400 naming the first bad field.
 */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: z.ZodError) {
    super(issues.message);
  }
  toBody(): ErrorBody {
    return zodErrorBody(this.issues);
  }
}

const FASTIFY_CODES: Record<string, [number, ErrorCode, string?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'body'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'content-type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request', 'body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'content-length'],
};

/**
 * Errors the router raises before any route or error handler runs (a path that is not valid
 * percent-encoding, a path parameter past `maxParamLength`): the contract's 400 naming the path.
 * Pass as Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'the path is not valid percent-encoded UTF-8';
  void reply.code(400).send({ error: { code: 'bad_request', message, field: 'path' } });
}

/** The ids that tie an error line to the caller's request and to other processes' lines (reqId is pino's own). */
function correlation(req: FastifyRequest): { route?: string; requestId?: string; decisionId?: string; npcId?: string } {
  const body = req.body as { requestId?: unknown; npc?: { id?: unknown } } | undefined;
  const params = req.params as { decisionId?: unknown; id?: unknown } | undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 128) : undefined);
  const out = { route: req.routeOptions.url, requestId: str(body?.requestId), decisionId: str(params?.decisionId), npcId: str(body?.npc?.id) ?? str(params?.id) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** One error handler and one 404 for the whole gateway, so every error has the contract's shape. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError | Error, req, reply) => {
    if (err instanceof HttpError || err instanceof RequestValidationError) return reply.code(err.statusCode).send(err.toBody());
    const fe = err as FastifyError;
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) {
      const [status, code, field] = mapped;
      return reply.code(status).send({ error: { code, message: fe.message, ...(field ? { field } : {}) } });
    }
    if (fe.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'rate_limited', message: fe.message || 'rate limit exceeded' } });
    }
    if (fe.statusCode === 400 && (err instanceof SyntaxError || /JSON/i.test(fe.message))) {
      return reply.code(400).send({ error: { code: 'bad_request', message: `body is not valid JSON: ${fe.message}`, field: 'body' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({ error: { code: 'bad_request', message: fe.message, field: 'body' } });
    }
    if (isUnavailable(err)) {
      req.log.warn({ err: err.message, ...correlation(req) }, 'dependency unavailable');
      return reply.code(503).send({ error: { code: 'not_ready', message: 'a dependency (Redis or PostgreSQL) is unavailable; retry shortly' } });
    }
    req.log.error({ err, ...correlation(req) }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
  );
}
