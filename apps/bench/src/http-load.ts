import autocannon from 'autocannon';
import type { LoadFigures } from './baseline';

export interface HttpLoadOptions {
  urls: string[];
  key: string;
  bodies: string[];
  connections: number;
  seconds: number;
  label: string;
}

/** Drives POST /v1/decisions as fast as `connections` allow, over loopback HTTP with autocannon, spread over every gateway URL (fixed rates: paced-load.ts). */
export async function runHttpLoad(o: HttpLoadOptions): Promise<LoadFigures> {
  const per = Math.max(1, Math.floor(o.connections / o.urls.length));
  const results = await Promise.all(
    o.urls.map((url, u) => {
      let i = u;
      return autocannon({
        url: `${url}/v1/decisions`,
        method: 'POST',
        connections: per,
        duration: o.seconds,
        headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: o.bodies[i++ % o.bodies.length] }) }],
      });
    }),
  );
  const completed = results.reduce((a, r) => a + r['2xx'], 0);
  const errors = results.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
  const seconds = Math.max(...results.map((r) => r.duration));
  // Latency percentiles: the worst gateway's (conservative when several run).
  const worst = (pick: (r: autocannon.Result) => number) => Math.max(...results.map(pick));
  return {
    label: o.label,
    completed,
    errors,
    seconds,
    perSecond: completed / seconds,
    p50: worst((r) => r.latency.p50),
    p90: worst((r) => r.latency.p90),
    p99: worst((r) => r.latency.p99),
  };
}
