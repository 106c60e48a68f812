/**
 * Open-loop, evenly paced load for the "fixed N/s" figure.
 *
 * Why not autocannon's `overallRate`: its rate limit resets a per-connection counter once a second,
 * so each connection sends its share back to back at the start of every second — the figure measured
 * bursts at full concurrency, not a steady N/s. And with a rate set it records latencies through
 * `recordValueWithExpectedInterval(latency, 1 ms)`, which adds synthetic samples to the histogram.
 *
 * Here request i is due at t0 + i/rate and a timer loop sends every request whose time has passed
 * (it catches up after a stall, never waits for earlier answers), and a request's latency runs from
 * its *scheduled* time to the end of its response: a stalled client or server cannot hide delay
 * (no coordinated omission).
 */
import http from 'node:http';
import { build as buildHistogram } from 'hdr-histogram-js';
import type { LoadFigures } from './baseline';

export interface PacedLoadOptions {
  urls: string[];
  key: string;
  bodies: string[];
  /** Requests per second over all URLs together. */
  rate: number;
  seconds: number;
  /** Past this many unanswered requests, a due request counts as an error instead of being sent. Default 2,000. */
  maxInFlight?: number;
  label: string;
}

/** How long the end of a run waits for the answers still in flight; those still missing then count as errors. */
const DRAIN_MS = 10_000;

export async function runPacedLoad(o: PacedLoadOptions): Promise<LoadFigures> {
  const maxInFlight = o.maxInFlight ?? 2_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const targets = o.urls.map((u) => new URL('/v1/decisions', u));
  const headers = { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' };
  const hist = buildHistogram({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const total = Math.max(0, Math.floor(o.rate * o.seconds));
  const intervalMs = 1000 / o.rate;
  let sent = 0;
  let inFlight = 0;
  let completed = 0;
  let errors = 0;
  let draining = false;
  /** Set once the run is counted: answers (or socket errors from destroying the agent) after that are ignored. */
  let closed = false;
  let onIdle: (() => void) | undefined;

  const settle = (scheduled: number, ok: boolean | 'lost') => {
    if (closed) return;
    inFlight--;
    if (ok === 'lost') errors++;
    else {
      hist.recordValue(Math.max(1, Math.round((performance.now() - scheduled) * 1000)));
      if (ok) completed++;
      else errors++;
    }
    if (draining && inFlight === 0) onIdle?.();
  };

  const send = (i: number, scheduled: number) => {
    if (inFlight >= maxInFlight) {
      errors++;
      return;
    }
    inFlight++;
    const body = o.bodies[i % o.bodies.length]!;
    let done = false;
    const finish = (ok: boolean | 'lost') => {
      if (done) return;
      done = true;
      settle(scheduled, ok);
    };
    const req = http.request(targets[i % targets.length]!, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
      res.on('error', () => finish('lost'));
      res.on('end', () => finish(ok));
      res.resume();
    });
    req.on('error', () => finish('lost'));
    req.end(body);
  };

  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Catch up: everything already due goes out now, each keeping its own scheduled time.
      while (sent < total && t0 + sent * intervalMs <= now) {
        send(sent, t0 + sent * intervalMs);
        sent++;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, t0 + sent * intervalMs - performance.now()));
    };
    tick();
  });

  draining = true;
  if (inFlight > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, DRAIN_MS);
      onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  // Still unanswered after the drain: errors (not latencies, which would be a guess).
  errors += inFlight;
  closed = true;
  agent.destroy();

  const ms = (q: number) => hist.getValueAtPercentile(q) / 1000;
  return { label: o.label, completed, errors, seconds: o.seconds, perSecond: completed / o.seconds, p50: ms(50), p90: ms(90), p99: ms(99) };
}
