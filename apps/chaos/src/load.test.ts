import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from './load';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A server that breaks the connection of the first request it sees for each requestId, and answers the next. */
async function flakyServer(): Promise<{ url: string; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const id = (JSON.parse(raw) as { requestId: string }).requestId;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n === 1) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ decisionId: `d-${id}`, source: 'rules' }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('runLoad', () => {
  it('counts a broken connection as a reset when it is told not to retry', async () => {
    const { url } = await flakyServer();
    const results = await runLoad({ url, key: 'k', rate: 20, durationMs: 300, body: (i) => ({ requestId: `r${i}` }) }).done;
    expect(results.length).toBeGreaterThan(2);
    expect(results.every((r) => r.error === 'reset' && !r.resetsRetried)).toBe(true);
  });

  it('retries a reset with the same body (same requestId), as a game-server client does', async () => {
    const { url, seen } = await flakyServer();
    const results = await runLoad({ url, key: 'k', rate: 20, durationMs: 300, body: (i) => ({ requestId: `r${i}` }), retryResets: 1 }).done;
    expect(results.length).toBeGreaterThan(2);
    for (const r of results) {
      expect(r).toMatchObject({ status: 200, decisionId: `d-r${r.i}`, resetsRetried: 1 });
      expect(r.error).toBeUndefined();
      expect(seen.get(`r${r.i}`)).toBe(2);
    }
  });
});
