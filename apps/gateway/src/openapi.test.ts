import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '@npc/contracts';
import { KAFRA } from '@npc/testing';
import { http, startStack, type Stack } from './test-harness';

let s: Stack;
let doc: any;
beforeAll(async () => {
  s = await startStack({ worker: 'none' });
  const res = await http(s.url, 'GET', '/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(async () => s?.close());

/** Fastify's `/:id/*` → OpenAPI's `/{id}/{*}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*/g, '{*}');

/** `/p/` → `/p`: Fastify serves a plugin's root route at both (`prefixTrailingSlash`), one route. */
const bare = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** Every route the router serves, as (method, path); HEAD left out where the path has a GET (HEAD is GET without the body, RFC 9110 §9.3.2). */
function served(): { method: string; path: string }[] {
  const routes = s.gateway.app.servedRoutes;
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => bare(r.url)));
  return routes.filter((r) => !(r.method === 'HEAD' && gets.has(bare(r.url)))).map((r) => ({ method: r.method.toLowerCase(), path: openApiPath(r.url) }));
}

/** The document's operation for a served route (either spelling of a plugin's root). */
const operation = (method: string, path: string): unknown => doc.paths[path]?.[method] ?? doc.paths[bare(path)]?.[method] ?? doc.paths[`${bare(path)}/`]?.[method];

describe('/openapi.json, generated from the routes', () => {
  it('lists every route the gateway serves, with its method', () => {
    const routes = served();
    const missing = routes.filter((r) => !operation(r.method, r.path)).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    console.log(`openapi: ${routes.length} routes served, ${routes.length - missing.length} in the document`);
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThan(50); // ours + bull-board's: the list is not empty by mistake
    // …and nothing that is not served.
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    const servedSet = new Set(s.gateway.app.servedRoutes.map((r) => `${r.method.toLowerCase()} ${bare(openApiPath(r.url))}`));
    expect(operations.filter((op) => !servedSet.has(bare(op)))).toEqual([]);
  });

  it('includes the routes the hand-written list had missed', () => {
    for (const [method, path] of [
      ['get', '/v1/events'], ['get', '/v1/npcs/{id}/memories/{playerId}'], ['get', '/v1/admin/dashboard.json'],
      ['post', '/v1/admin/session'], ['delete', '/v1/admin/session'], ['get', '/admin/queues/api/queues'], ['get', '/openapi.json'],
    ]) expect(doc.paths[path!]?.[method!], `${method} ${path}`).toBeDefined();
  });

  it('is a valid OpenAPI 3.1 document whose $refs all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
  });

  it('documents each keyed route with the scope its guard requires, and 401/403', () => {
    const v1 = served().filter((r) => r.path.startsWith('/v1/'));
    const scopes = Object.fromEntries(v1.map((r) => [`${r.method} ${r.path}`, doc.paths[r.path][r.method]['x-required-scope']]));
    expect(Object.values(scopes).every((x) => x === 'game' || x === 'npc:write' || x === 'admin'), JSON.stringify(scopes)).toBe(true);
    expect(scopes).toMatchObject({
      'post /v1/decisions': 'game',
      'put /v1/npcs/{id}': 'npc:write',
      'post /v1/events': 'npc:write',
      'get /v1/events': 'game',
      'get /v1/costs': 'admin',
      'get /v1/npcs/{id}/memories/{playerId}': 'admin',
      'post /v1/admin/session': 'admin',
    });
    for (const r of v1) expect(Object.keys(doc.paths[r.path][r.method].responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
    expect(doc.paths['/health/ready'].get.security).toEqual([]);
    expect(doc.paths['/health/ready'].get.responses['503']).toBeDefined();
  });

  it('takes its schemas from the contracts: request bodies, responses, params, and input vs output shapes', () => {
    const op = doc.paths['/v1/decisions'].post;
    expect(op.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DecisionRequest' });
    expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Decision');
    expect(op.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.components.schemas.DecisionRequest.properties.allowedActions.items.enum).toEqual([...ACTION_TYPES]);
    // The request's defaulted fields are optional on the way in; the NPC's are present on the way out.
    expect(doc.components.schemas.NpcInput.required).not.toContain('personality');
    expect(doc.components.schemas.Npc.required).toContain('personality');
    expect(doc.paths['/v1/decisions/{decisionId}'].get.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'decisionId', required: true })]);
    expect(doc.paths['/v1/costs'].get.parameters).toEqual([expect.objectContaining({ in: 'query', name: 'day', required: false })]);
    // A body the route accepts is one the document describes.
    expect(Object.keys(doc.components.schemas.NpcInput.properties)).toEqual(expect.arrayContaining(Object.keys(KAFRA)));
  });
});
