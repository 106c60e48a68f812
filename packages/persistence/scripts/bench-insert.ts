/**
 * Times DecisionRepository.insertMany on a throwaway schema.
 *   tsx packages/persistence/scripts/bench-insert.ts [batch=1000] [runs=7]
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase, DecisionRepository } from '../src/index';
import { makeDecisionRecord } from '../src/test-records';

const batch = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 7);

const test = await createTestDatabase();
try {
  const decisions = new DecisionRepository(test.database.db);
  await decisions.insertMany(Array.from({ length: 50 }, (_, i) => makeDecisionRecord(i))); // warm up
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const records = Array.from({ length: batch }, (_, i) => makeDecisionRecord(run * batch + i));
    const started = performance.now();
    const inserted = await decisions.insertMany(records);
    times.push(performance.now() - started);
    if (inserted !== batch) throw new Error(`inserted ${inserted} of ${batch}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`insertMany(${batch}) x${runs}: median ${median.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}) = ${Math.round((batch / median) * 1000)} rows/s`);
} finally {
  await test.drop();
}
