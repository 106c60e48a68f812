import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Decision, type DecisionRequestInput } from '@npc/contracts';
import { ApiError, GatewayClient, api } from './index';

/** A real HTTP server on loopback whose answers the test scripts; it records each request body. */
interface Scripted {
  url: string;
  bodies: Record<string, unknown>[];
  close(): Promise<void>;
}
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function scripted(answer: (n: number, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void): Promise<Scripted> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      bodies.push({ ...body, authorization: req.headers.authorization, path: req.url });
      answer(bodies.length, req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

const decision = (): Decision => Decision.parse({
  decisionId: randomUUID(), source: 'rules', costUsd: 0, latencyMs: 3,
  action: { type: 'talk', args: {} }, say: 'Welcome to the Kafra service.', emotion: null, intent: { name: 'greet', confidence: 0.9 },
});
const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const request = (): DecisionRequestInput => ({ requestId: randomUUID(), npc: { id: 'kafra1' }, player: { id: 'p1' }, event: { type: 'talk', text: 'hello' }, allowedActions: ['talk'] });

describe('GatewayClient.decide (the bridge)', () => {
  it('a connection reset is retried with the same body, so the same requestId: one decision', async () => {
    const d = decision();
    // The first request's socket is destroyed once its body is read: what a keep-alive client meets
    // when the server closes the socket as the request goes out.
    const gw = await scripted((n, req, res) => (n === 1 ? req.socket.destroy() : json(res, 200, d)));
    const client = new GatewayClient([gw.url], 'npk_test');
    const body = request();
    const r = await client.decide(body, ['talk'], 2000);
    expect(r).toMatchObject({ ok: true, attempts: 2, decision: { decisionId: d.decisionId } });
    expect(gw.bodies).toHaveLength(2);
    expect(gw.bodies.map((b) => b.requestId)).toEqual([body.requestId, body.requestId]);
    expect(gw.bodies.every((b) => b.authorization === 'Bearer npk_test' && b.path === '/v1/decisions')).toBe(true);
    // Without the retry the same reset is a failed request.
    const fresh = await scripted((n, req, res) => (n === 1 ? req.socket.destroy() : json(res, 200, d)));
    expect(await new GatewayClient([fresh.url], 'npk_test', { retries: 0 }).decide(request(), ['talk'], 2000)).toMatchObject({ ok: false, kind: 'unavailable', attempts: 1 });
  });

  it('503 at one gateway: the next one answers; a 4xx is not retried and says why', async () => {
    const busy = await scripted((_n, _req, res) => json(res, 503, { error: { code: 'not_ready', message: 'retry shortly' } }));
    const ok = await scripted((_n, _req, res) => json(res, 200, decision()));
    expect(await new GatewayClient([busy.url, ok.url], 'k').decide(request(), ['talk'], 2000)).toMatchObject({ ok: true, attempts: 2 });
    const picky = await scripted((_n, _req, res) => json(res, 400, { error: { code: 'bad_request', message: 'npc.id: too long', field: 'npc.id' } }));
    const r = await new GatewayClient([picky.url], 'k').decide(request(), ['talk'], 2000);
    expect(r).toMatchObject({ ok: false, kind: 'rejected', attempts: 1 });
    expect(!r.ok && r.error).toContain('400 bad_request (npc.id) npc.id: too long');
  });

  it('an answer outside the allowed actions or the contract is refused; no answer at all ends at the deadline', async () => {
    const wrong = await scripted((_n, _req, res) => json(res, 200, { ...decision(), action: { type: 'warp', args: { map: 'geffen', x: 1, y: 1 } } }));
    expect(await new GatewayClient([wrong.url], 'k').decide(request(), ['talk'], 2000)).toMatchObject({ ok: false, kind: 'invalid' });
    const silent = await scripted(() => undefined);
    const t0 = performance.now();
    const r = await new GatewayClient([silent.url], 'k').decide(request(), ['talk'], 300);
    expect(r).toMatchObject({ ok: false, kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('no gateway listening: unavailable after its retries, naming the error', async () => {
    const gone = await scripted(() => undefined);
    await gone.close();
    servers.length = 0;
    const r = await new GatewayClient([gone.url], 'k', { retries: 2, backoffMs: 1 }).decide(request(), ['talk'], 2000);
    expect(r).toMatchObject({ ok: false, kind: 'unavailable', attempts: 3 });
    expect(!r.ok && r.error).toContain('ECONNREFUSED');
  });
});

describe('api (the CLI)', () => {
  it('sends JSON with the key, parses the answer with the schema, and throws the error body', async () => {
    const d = decision();
    const gw = await scripted((_n, req, res) => (req.url === '/v1/decisions' ? json(res, 200, d) : json(res, 404, { error: { code: 'not_found', message: 'unknown NPC nope', field: 'id' } })));
    const target = { url: gw.url, key: 'npk_cli' };
    const got = await api(target, 'POST', '/v1/decisions', request(), Decision);
    expect(got).toEqual({ status: 200, body: d });
    const err = await api(target, 'GET', '/v1/npcs/nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, body: { error: { code: 'not_found', field: 'id' } } });
    expect(gw.bodies.map((b) => b.authorization)).toEqual(['Bearer npk_cli', 'Bearer npk_cli']);
  });
});
