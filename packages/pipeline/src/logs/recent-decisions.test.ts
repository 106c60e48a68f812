import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@npc/config';
import type { DecisionRecord } from '@npc/contracts';
import { RecentDecisions } from './recent-decisions';

const log = createLogger('test', 'silent');
const rec = (i: number) => ({ decision: { decisionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` } }) as unknown as DecisionRecord;

describe('RecentDecisions', () => {
  it('keeps the newest `capacity` decisions and hands them over on restore', () => {
    const got: DecisionRecord[][] = [];
    const recent = new RecentDecisions((r) => got.push(r), log, 3);
    for (let i = 1; i <= 5; i++) recent.remember(JSON.stringify(rec(i)));
    recent.remember('not json');
    expect(recent.restore()).toBe(2); // the ring holds 4, 5 and the malformed line
    recent.remember(JSON.stringify(rec(6))); // overwrites the oldest (4)
    expect(recent.restore()).toBe(2);
    expect(got[1]!.map((r) => r.decision.decisionId.slice(-1)).sort()).toEqual(['5', '6']);
  });

  it('restores when the connection is ready again after a break, not on the first connect', () => {
    const got: DecisionRecord[][] = [];
    const recent = new RecentDecisions((r) => got.push(r), log, 10);
    const conn = Object.assign(new EventEmitter(), { status: 'connecting' });
    recent.watch(conn);
    recent.remember(JSON.stringify(rec(1)));
    conn.emit('ready');
    expect(got).toHaveLength(0);
    conn.emit('close');
    conn.emit('ready');
    expect(got).toHaveLength(1);
    conn.emit('ready'); // no break in between: nothing again
    expect(got).toHaveLength(1);
  });
});
