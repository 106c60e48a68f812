import { Command } from 'commander';
import { RUNNERS, SCENARIOS, formatResult, type ScenarioName, type ScenarioResult } from './scenarios';

const program = new Command('chaos')
  .description('fault scenarios against a real stack on loopback (bounded in time); each prints sent, answered, stored, lost')
  .argument('[scenario]', `one of ${SCENARIOS.join(', ')}, or all`, 'all')
  .option('--seconds <n>', 'length of the load in each scenario', '15')
  .option('--rate <n>', 'requests per second', '60')
  .option('--outage <n>', 'seconds Redis / PostgreSQL stay down', '4')
  .action(async (scenario: string, o: Record<string, string>) => {
    const names: ScenarioName[] = scenario === 'all' ? [...SCENARIOS] : SCENARIOS.includes(scenario as ScenarioName) ? [scenario as ScenarioName] : [];
    if (names.length === 0) {
      console.error(`unknown scenario ${JSON.stringify(scenario)}: one of ${SCENARIOS.join(', ')}, all`);
      process.exit(2);
    }
    const opts = { seconds: Number(o.seconds), rate: Number(o.rate), outageSeconds: Number(o.outage), log: (l: string) => console.log(l) };
    const results: ScenarioResult[] = [];
    for (const name of names) {
      console.log(`▶ ${name} (${opts.seconds} s at ${opts.rate}/s)`);
      try {
        const r = await RUNNERS[name](opts);
        results.push(r);
        console.log(formatResult(r));
      } catch (err) {
        // A stack that could not even start is a failed scenario; the others still run.
        results.push({ scenario: name, sent: 0, answered: 0, stored: 0, lost: 0, figures: {}, checks: [{ name: 'ran', ok: false }], ok: false, seconds: 0 });
        console.log(`FAIL ${name}: could not run: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const failed = results.filter((r) => !r.ok);
    console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
    process.exit(failed.length ? 1 : 0);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
