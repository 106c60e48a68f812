import { describe, expect, it } from 'vitest';
import { RUNNERS, SCENARIOS, formatResult } from './scenarios';

// Short versions of `pnpm chaos` (each about 10 s): processes on loopback, their own Redis prefix and
// PostgreSQL schema, a scratch redis-server and a TCP proxy in front of PostgreSQL where needed.
const short = { seconds: 5, rate: 30, outageSeconds: 2 };

describe('chaos scenarios (short)', () => {
  for (const name of SCENARIOS) {
    it(`${name}: ${name === 'redis-restart' ? 'answered from in-process rules, ready 503 then 200' : 'nothing lost'}`, async () => {
      const r = await RUNNERS[name](short);
      console.log(formatResult(r));
      expect(r.sent).toBeGreaterThan(100);
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r.lost).toBe(0);
      expect(r.stored).toBe(r.answered);
    }, 120_000);
  }
});
