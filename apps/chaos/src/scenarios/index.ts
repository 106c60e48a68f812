/**
 * The fault scenarios (`pnpm chaos`): each runs a stack on loopback under load, injects its fault,
 * and checks that every request was answered and every answered decision stored.
 */
import type { ScenarioName, ScenarioOptions, ScenarioResult } from './common';
import { gatewaySigterm } from './gateway-sigterm';
import { pgOutage } from './pg-outage';
import { redisRestart } from './redis-restart';
import { workerKill } from './worker-kill';

export { SCENARIOS, formatResult, type Check, type ScenarioName, type ScenarioOptions, type ScenarioResult } from './common';
export { gatewaySigterm, pgOutage, redisRestart, workerKill };

export const RUNNERS: Record<ScenarioName, (o: ScenarioOptions) => Promise<ScenarioResult>> = {
  'worker-kill': workerKill,
  'redis-restart': redisRestart,
  'pg-outage': pgOutage,
  'gateway-sigterm': gatewaySigterm,
};
