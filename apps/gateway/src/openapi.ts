import { STATUS_CODES } from 'node:http';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import {
  AdminSessionOpened, CostsReport, DashboardData, Decision, DecisionAccepted, DecisionRequest, ErrorBody, FeedbackAccepted, FeedbackInput,
  HealthReport, Npc, NpcInput, NpcIntentions, NpcMemoryReport, WorldEvent, WorldEventInput, WorldEventList,
} from '@npc/contracts';
import { ADMIN_COOKIE } from './admin-sessions';
import { requiredScope } from './require-scope';
import { ADMIN_QUEUES_PATH } from './routes/admin-queues';

/**
 * `GET /openapi.json` is generated from the routes themselves: @fastify/swagger collects every route
 * as it is registered (its onRoute hook), and `transform` below turns each route's zod schemas
 * (params, querystring, body, responses) into JSON Schema 2020-12 (OpenAPI 3.1) with zod's own
 * `z.toJSONSchema`, adds the error answers the route can give from what it declares (input → 400,
 * a body → 413/415, a key → 401/429/503, a scope guard → 403 and `x-required-scope`), and documents
 * the queue admin's routes, which bull-board registers hidden. So a route cannot be served and be
 * missing here (`openapi.test.ts` checks every route the router has).
 */

/** Contract schemas the document names, each in the direction it travels; a route that uses one gets a `$ref`. */
const COMPONENTS: readonly (readonly [string, z.ZodType, 'input' | 'output'])[] = [
  ['DecisionRequest', DecisionRequest, 'input'],
  ['Decision', Decision, 'output'],
  ['DecisionAccepted', DecisionAccepted, 'output'],
  ['FeedbackInput', FeedbackInput, 'input'],
  ['FeedbackAccepted', FeedbackAccepted, 'output'],
  ['NpcInput', NpcInput, 'input'],
  ['Npc', Npc, 'output'],
  ['NpcIntentions', NpcIntentions, 'output'],
  ['NpcMemoryReport', NpcMemoryReport, 'output'],
  ['WorldEventInput', WorldEventInput, 'input'],
  ['WorldEvent', WorldEvent, 'output'],
  ['WorldEventList', WorldEventList, 'output'],
  ['CostsReport', CostsReport, 'output'],
  ['AdminSessionOpened', AdminSessionOpened, 'output'],
  ['DashboardData', DashboardData, 'output'],
  ['Health', HealthReport, 'output'],
  ['Error', ErrorBody, 'output'],
];
const NAMED = new Map<z.ZodType, string>(COMPONENTS.map(([name, schema]) => [schema, name]));

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
}
const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => {
  const name = NAMED.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : jsonSchema(schema, io);
};

/** What each error status means here (the body is always `Error`). */
const ERRORS: Record<number, string> = {
  400: 'bad input: `error.field` names the first bad field',
  401: 'missing or unknown API key',
  403: "the key's scope does not grant this route",
  404: 'not found: `error.field` names what',
  409: 'conflict: `error.message` says why',
  413: 'body too large',
  415: 'the body is not application/json',
  429: "over the address's or the key's rate limit",
  503: 'not ready: Redis or PostgreSQL unreachable',
};

/** The queue admin (bull-board): its own UI and API, registered hidden; documented here so that no route is unlisted. */
const BULL_BOARD: FastifySchema = {
  summary: 'Queue admin (bull-board): its page, assets and API',
  description: "bull-board's own routes (not a stable interface). An admin key as Bearer or as Basic auth's password, or the dashboard's session cookie; changes only from the page's own origin.",
  tags: ['admin'],
  security: [{ bearer: [] }, { basic: [] }, { adminSession: [] }],
};

type RouteSchema = FastifySchema & { response?: Record<string, z.ZodType> };

const transform: SwaggerTransform = ({ schema, url, route }) => {
  const bullBoard = url === ADMIN_QUEUES_PATH || url.startsWith(`${ADMIN_QUEUES_PATH}/`);
  const declared = (bullBoard ? BULL_BOARD : schema ?? {}) as RouteSchema;
  // `hide` dropped: every route served is documented, bull-board's (hidden by it) too.
  const { body, params, querystring, headers, response, hide: _hide, ...meta } = declared as RouteSchema & Record<string, unknown>;
  const out: Record<string, unknown> = { ...meta };
  if (params) out.params = jsonSchema(params as z.ZodType, 'input');
  if (querystring) out.querystring = jsonSchema(querystring as z.ZodType, 'input');
  if (headers) out.headers = jsonSchema(headers as z.ZodType, 'input');
  if (body) out.body = schemaOf(body as z.ZodType, 'input');

  const responses: Record<string, Record<string, unknown>> = {};
  for (const [status, s] of Object.entries(response ?? {})) {
    responses[status] = { ...schemaOf(s, 'output'), description: ERRORS[Number(status)] ?? STATUS_CODES[Number(status)] ?? status };
  }
  const keyed = !(Array.isArray(meta.security) && meta.security.length === 0);
  const scope = bullBoard ? 'admin' : requiredScope(route.onRequest);
  const errors = [
    ...(body || params || querystring ? [400] : []),
    ...(body ? [413, 415] : []),
    ...(keyed ? [401, 429, 503] : []),
    ...(scope ? [403] : []),
  ];
  for (const status of errors) responses[status] ??= { $ref: '#/components/schemas/Error', description: ERRORS[status]! };
  if (Object.keys(responses).length) out.response = responses;
  if (scope) {
    out['x-required-scope'] = scope;
    out.description = [meta.description, `Needs a key with scope \`${scope}\` or a higher one (game < npc:write < admin).`].filter(Boolean).join(' ');
  }
  return { schema: out as FastifySchema, url };
};

/** Registers the document's generator; call before any route is registered (it collects them as they come). */
export async function registerOpenApi(app: FastifyInstance, version = '0.1.0'): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'npc-brain decision API',
        version,
        description: 'Every error answer is `{ error: { code, message, field? } }`. Keys: `Authorization: Bearer npk_…`, with scope game, npc:write or admin.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          basic: { type: 'http', scheme: 'basic', description: 'the queue admin only: an admin key as the password' },
          adminSession: { type: 'apiKey', in: 'cookie', name: ADMIN_COOKIE, description: 'the queue admin only: opened by POST /v1/admin/session' },
        },
        schemas: Object.fromEntries(COMPONENTS.map(([name, schema, io]) => [name, jsonSchema(schema, io)])),
      },
      security: [{ bearer: [] }],
    },
    transform,
  });
}
