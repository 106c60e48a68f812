import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { HttpError } from './http-errors';

export interface IpLimits {
  /** Requests per minute from one address to the keyed API, before authentication (0 = no limit). */
  perMin: number;
  /** Failed authentications (401) per minute from one address; past it the address gets 429 before authentication (0 = no limit). */
  authFailuresPerMin: number;
  /** Addresses tracked (an LRU: the least recently seen are forgotten first). */
  addresses?: number;
}

/** The keyed API and the queue admin: what authenticates. Health, metrics and the docs stay open. */
const GUARDED = /^\/(v1|admin)(\/|$)/;

/**
 * Per-address limits that run before authentication, in process (an address's traffic reaches one
 * gateway per connection, and a flood is stopped where it lands): a cap on all requests, and a
 * tighter cap on failed authentications, so neither a 401 flood nor key guessing reaches the key
 * store. IPv6 addresses count per /56 (@fastify/rate-limit's default), so a host cannot rotate
 * through its own prefix.
 */
export async function installIpLimits(app: FastifyInstance, limits: IpLimits): Promise<void> {
  await app.register(rateLimit, { global: false });
  const limiter = (max: number) => {
    // `cache` (the in-process store's LRU size, default 5,000) reaches the store at run time but is
    // missing from the options' type.
    const options = { max, timeWindow: 60_000, cache: limits.addresses ?? 50_000 };
    const check = app.createRateLimit(options);
    // True when this request is over the limit: counted, past `max`; only read, `max` reached already.
    return async (req: FastifyRequest, increment = true) => {
      const r = await check(req, { increment });
      return !r.isAllowed && (increment ? r.isExceeded : r.remaining === 0);
    };
  };
  const all = limits.perMin > 0 ? limiter(limits.perMin) : undefined;
  const failures = limits.authFailuresPerMin > 0 ? limiter(limits.authFailuresPerMin) : undefined;
  const guarded = (req: FastifyRequest) => GUARDED.test(req.url);

  app.addHook('onRequest', async (req) => {
    if (!guarded(req)) return;
    if (all && (await all(req))) {
      throw new HttpError(429, 'rate_limited', `too many requests from this address (more than ${limits.perMin} per minute)`);
    }
    if (failures && (await failures(req, false))) {
      throw new HttpError(429, 'rate_limited', `too many failed authentications from this address (more than ${limits.authFailuresPerMin} per minute); retry later`, 'authorization');
    }
  });
  if (failures) {
    app.addHook('onResponse', async (req, reply) => {
      if (reply.statusCode === 401 && guarded(req)) await failures(req);
    });
  }
}
