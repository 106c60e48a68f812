import { BaseEnv, closeRedis, createRedis, loadConfig } from '@npc/config';
import { DailyBudget, formatUsd } from '@npc/cost';
import { createDatabase, createRepositories } from '@npc/persistence';

/** `pnpm npc costs [--day]`: spend by provider, model and NPC; budget and what remains. */
export async function costs(day: string | undefined, out: (line: string) => void): Promise<void> {
  const config = loadConfig(BaseEnv);
  const redis = createRedis(config, 'worker');
  const database = createDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'npc-cli' });
  try {
    const budget = new DailyBudget(redis, { prefix: config.QUEUE_PREFIX, dailyBudgetUsd: config.LLM_DAILY_BUDGET_USD, timeZone: config.LLM_BUDGET_TZ });
    const d = day ?? budget.day();
    const [status, summary] = await Promise.all([budget.status(d), createRepositories(database.db).ledger.summary(d)]);
    out(`LLM costs for ${d} (${config.LLM_BUDGET_TZ})`);
    out(`  budget ${formatUsd(status.budgetUsd)}  spent ${formatUsd(status.spentUsd)}  reserved ${formatUsd(status.reservedUsd)}  remaining ${formatUsd(status.remainingUsd)}  (${(status.ratio * 100).toFixed(1)} %)`);
    out(`  ledger: ${summary.total.calls} calls, ${summary.total.inputTokens} in / ${summary.total.outputTokens} out tokens, ${formatUsd(summary.total.costUsd)}`);
    out('  by provider / model:');
    for (const p of summary.byProviderModel) out(`    ${p.provider.padEnd(16)} ${p.model.padEnd(24)} ${String(p.calls).padStart(7)} calls  ${formatUsd(p.costUsd)}`);
    out('  by NPC:');
    for (const n of summary.byNpc) out(`    ${(n.npcId ?? '(none)').padEnd(40)} ${String(n.calls).padStart(7)} calls  ${formatUsd(n.costUsd)}`);
    out('  by outcome:');
    for (const o of summary.byOutcome) out(`    ${o.outcome.padEnd(16)} ${String(o.calls).padStart(7)} calls  ${formatUsd(o.costUsd)}`);
  } finally {
    await closeRedis(redis);
    await database.close();
  }
}
