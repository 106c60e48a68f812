import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runPacedLoad } from './paced-load';

/** A tiny server (not the product): records when each request arrived, answers after `delayMs(arrival)`. */
async function startServer(delayMs: (arrivedAt: number) => number = () => 0) {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const at = performance.now();
      arrivals.push(at);
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      const d = delayMs(at);
      if (d > 0) setTimeout(answer, d);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const bodies = ['{"a":1}', '{"b":2}'];
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('runPacedLoad', () => {
  it('sends evenly at the rate, without bursts', async () => {
    const s = await startServer();
    close = s.close;
    const f = await runPacedLoad({ urls: [s.url], key: 'k', bodies, rate: 200, seconds: 1, label: 'paced' });
    expect(s.arrivals.length).toBeGreaterThanOrEqual(190);
    expect(s.arrivals.length).toBeLessThanOrEqual(210);
    expect(f.completed).toBe(s.arrivals.length);
    expect(f.errors).toBe(0);
    const gaps = s.arrivals.slice(1).map((a, i) => a - s.arrivals[i]!);
    expect(Math.max(...gaps)).toBeLessThan(30);
    // 200/s is 10 per 50 ms: no 50 ms window may hold twice that (autocannon's rate sends a connection's whole second at once).
    const worstWindow = Math.max(...s.arrivals.map((a) => s.arrivals.filter((b) => b >= a && b < a + 50).length));
    expect(worstWindow).toBeLessThanOrEqual(20);
  });

  it('keeps sending at the rate while every answer takes 100 ms (open loop)', async () => {
    const s = await startServer(() => 100);
    close = s.close;
    const f = await runPacedLoad({ urls: [s.url], key: 'k', bodies, rate: 200, seconds: 1, label: 'paced' });
    expect(f.p50).toBeGreaterThanOrEqual(100);
    expect(s.arrivals.length).toBeGreaterThanOrEqual(190);
    expect(s.arrivals.length).toBeLessThanOrEqual(210);
    expect(f.completed).toBe(s.arrivals.length);
  });

  it('shows a 300 ms server stall in the p99', async () => {
    let first: number | undefined;
    // Requests that arrive between 400 and 700 ms into the run are held until 700 ms.
    const s = await startServer((at) => {
      first ??= at;
      const t = at - first;
      return t >= 400 && t < 700 ? 700 - t : 0;
    });
    close = s.close;
    const f = await runPacedLoad({ urls: [s.url], key: 'k', bodies, rate: 200, seconds: 1, label: 'paced' });
    expect(f.p50).toBeLessThan(50);
    expect(f.p99).toBeGreaterThanOrEqual(250);
  });

  it('counts a stalled client against latency: measured from the scheduled time, not the send', async () => {
    const s = await startServer();
    close = s.close;
    // The process (client and server) blocks for 300 ms: the requests due meanwhile go out late, all at once.
    const stall = setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until);
    }, 400);
    const f = await runPacedLoad({ urls: [s.url], key: 'k', bodies, rate: 200, seconds: 1, label: 'paced' });
    clearTimeout(stall);
    expect(s.arrivals.length).toBeGreaterThanOrEqual(190);
    expect(f.p99).toBeGreaterThanOrEqual(250);
  });

  it('counts requests past maxInFlight as errors instead of queueing them', async () => {
    const s = await startServer(() => 2_000);
    close = s.close;
    const f = await runPacedLoad({ urls: [s.url], key: 'k', bodies, rate: 200, seconds: 0.5, maxInFlight: 20, label: 'paced' });
    expect(s.arrivals.length).toBe(20);
    expect(f.errors).toBe(80);
    expect(f.completed).toBe(20);
  });
});
