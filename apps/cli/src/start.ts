import { Command } from 'commander';
import { migrate } from './commands/migrate';
import { Supervisor, standardSpecs } from './supervisor';

/** `pnpm start`: migrate, then run the gateway(s) and every worker until SIGTERM / Ctrl-C. */
const program = new Command('start')
  .option('--gateways <n>', 'gateway processes on PORT, PORT+1, …', '1')
  .option('--rules-workers <n>', 'rules worker processes', process.env.RULES_WORKERS ?? '1')
  .option('--llm-workers <n>', 'LLM worker processes (the LLM route is off while LLM_PROVIDERS is empty)', process.env.LLM_WORKERS ?? '1')
  .option(
    '--inference-workers <n>',
    'inference worker processes (the promoted intent model; with none promoted they idle and gateways route to rules)',
    process.env.INFERENCE_WORKERS ?? '1',
  )
  .option('--learning-worker', 'also run the learning worker (ingest decisions + feedback into patterns, retrain on LEARN_RETRAIN_CRON, promote when better); one at most', false)
  .option('--no-migrate', 'skip applying migrations first')
  .parse(process.argv);
const o = program.opts<{ gateways: string; rulesWorkers: string; llmWorkers: string; inferenceWorkers: string; learningWorker: boolean; migrate: boolean }>();

if (o.migrate) await migrate('up');
const supervisor = new Supervisor(
  standardSpecs({ gateways: Number(o.gateways), rulesWorkers: Number(o.rulesWorkers), llmWorkers: Number(o.llmWorkers), inferenceWorkers: Number(o.inferenceWorkers), learningWorker: o.learningWorker, basePort: Number(process.env.PORT ?? 3000) }),
);
supervisor.start();
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[start] ${signal}: stopping every process\n`);
  void supervisor.stop('SIGTERM').then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
