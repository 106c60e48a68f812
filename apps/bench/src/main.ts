import { Command } from 'commander';
import { benchDecisionsRounds } from './decisions-bench';
import { benchInference } from './inference-bench';
import { benchLlm } from './llm-bench';
import { benchStage } from './stage-bench';

const program = new Command('bench').description('npc-brain benchmarks (print figures; not tests)');
program
  .command('decisions')
  .description('the whole product over HTTP vs a naive BullMQ round trip')
  .option('--gateways <n>', 'also run with n gateways', '1')
  .option('--workers <n>', 'rules worker processes', '1')
  .option('--connections <n>', 'requests in flight', '50')
  .option('--seconds <n>', 'seconds per measured run', '10')
  .option('--rate <n>', 'fixed-rate run, requests/s', '500')
  .option('--port <n>', 'first gateway port', '3900')
  .option('--rounds <n>', 'rounds of the whole comparison; more than one prints the medians', '1')
  .option('--shards <n>', 'also run with DECISION_SHARDS=n (1 shard vs n, same gateways and workers, same run)', '1')
  .option('--rules-shards <n>', 'RULES_QUEUE_SHARDS of the --shards run', '1')
  .action((o: Record<string, string>) =>
    benchDecisionsRounds({ gateways: +o.gateways!, workers: +o.workers!, connections: +o.connections!, seconds: +o.seconds!, rate: +o.rate!, basePort: +o.port!, rounds: +o.rounds!, shards: +o.shards!, rulesShards: +o.rulesShards! }),
  );
program
  .command('llm')
  .description('the LLM route end to end against a fake provider at a fixed latency: the overhead the product adds')
  .option('--seconds <n>', 'seconds measured', '10')
  .option('--concurrency <n>', 'requests in flight', '10')
  .option('--provider-ms <n>', 'fake provider latency', '50')
  .option('--port <n>', 'gateway port', '3950')
  .action((o: Record<string, string>) => benchLlm({ seconds: +o.seconds!, concurrency: +o.concurrency!, providerMs: +o.providerMs!, basePort: +o.port! }));
program
  .command('stage')
  .description('the rules stage alone against Redis (no BullMQ, HTTP or PostgreSQL): CPU µs per decision, to compare commits')
  .option('--decisions <n>', 'decisions a round', '15000')
  .option('--concurrency <n>', 'decisions at once', '50')
  .option('--rounds <n>', 'measured rounds (the median is printed)', '3')
  .action((o: Record<string, string>) => benchStage({ decisions: +o.decisions!, concurrency: +o.concurrency!, rounds: +o.rounds! }));
program
  .command('inference')
  .description('the intent model on ONNX Runtime behind a MicroBatcher: classifications/s batched vs one at a time, latency, batch sizes')
  .option('--texts <n>', 'texts classified through the batcher', '200000')
  .option('--callers <n>', 'concurrent callers', '1024')
  .option('--max-batch <n>', 'largest batch', '256')
  .option('--max-wait-ms <n>', 'longest a text waits for a batch', '2')
  .option('--max-in-flight <n>', 'batches running at once', '2')
  .option('--single <n>', 'texts classified one at a time (unbatched)', '5000')
  .option('--device <d>', 'cpu | cuda | auto', 'cpu')
  .option('--model <file>', 'an ONNX model file (else one is trained first)')
  .action((o: Record<string, string>) =>
    benchInference({
      texts: +o.texts!, callers: +o.callers!, maxBatch: +o.maxBatch!, maxWaitMs: +o.maxWaitMs!, maxInFlight: +o.maxInFlight!, single: +o.single!,
      device: o.device as 'cpu' | 'cuda' | 'auto', ...(o.model === undefined ? {} : { model: o.model }),
    }),
  );
program.parseAsync(process.argv).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
