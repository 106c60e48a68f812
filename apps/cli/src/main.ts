import { Command } from 'commander';
import { ACTION_TYPES } from '@npc/contracts';
import { BaseEnv, ConfigError, loadConfig } from '@npc/config';
import { loadProductClassifier } from '@npc/learning';
import { ApiError } from '@npc/gateway-client';
import { targetFromEnv } from './target-from-env';
import { ask } from './commands/ask';
import { classify } from './commands/classify';
import { evalFiles } from './commands/eval';
import { exportTrainingSet, learnForever, learnOnce, settingsFromFlags, type ExportFlags, type SettingFlags } from './commands/learn';
import { addModelFile, diffModelsCommand, listModels, promoteModel, pruneCommand, type AddFlags } from './commands/models';
import { costs } from './commands/costs';
import { replay } from './commands/replay';
import { createKey, listKeys, revokeKey } from './commands/keys';
import { migrate } from './commands/migrate';
import { putNpcs } from './commands/npc-put';
import { importRathenaCommand } from './commands/import-rathena';
import { listDeadLetters, replayDeadLetterCmd } from './commands/dead-letters';

const print = (line: string) => process.stdout.write(`${line}\n`);
const program = new Command('npc').description('npc-brain command line').showHelpAfterError().enablePositionalOptions();
const remote = (c: Command) => c.option('--url <url>', 'gateway URL (env NPC_BRAIN_URL)').option('--key <key>', 'API key (env NPC_BRAIN_KEY)');

program
  .command('migrate')
  .description('apply database migrations (DATABASE_URL, DATABASE_SCHEMA)')
  .option('--down', 'undo the last migration')
  .action((o: { down?: boolean }) => migrate(o.down ? 'down' : 'up'));

const keys = program.command('keys').description('API keys (stored hashed)');
keys
  .command('create')
  .requiredOption('--name <name>', 'who the key is for')
  .option('--scope <scope>', 'game (decide, feedback) | npc:write (game + PUT /v1/npcs, POST /v1/events) | admin', 'game')
  .option('--rate-limit <perMin>', 'requests per minute')
  .description('create a key and print it once')
  .action((o: { name: string; scope: string; rateLimit?: string }) => createKey(o, print).then(() => undefined));
keys.command('list').description('list keys (never the secrets)').action(() => listKeys(print));
keys.command('revoke <id>').description('revoke a key').action((id: string) => revokeKey(id, print));

const deadLetters = program.command('dead-letters').description('log entries PostgreSQL refused, set aside by the log writers (docs/runbooks/dead-letters.md)');
deadLetters
  .command('list')
  .description('one JSON line per dead letter, oldest first (pending ones unless --all)')
  .option('--all', 'replayed ones too')
  .option('--log <name>', 'decision-log | memory-log | llm-ledger')
  .option('--full', 'the whole payload')
  .action((o: { all?: boolean; log?: string; full?: boolean }) => listDeadLetters(o, print).then(() => undefined));
deadLetters
  .command('replay [id]')
  .description('write the dead letter ID (default: every pending one) again through its log\'s writer')
  .option('--clean', 'remove NUL and replace lone UTF-16 surrogates in its strings first')
  .action((id: string | undefined, o: { clean?: boolean }) => replayDeadLetterCmd(id, o, print));

const npc = program.command('npc').description('NPC registry');
remote(npc.command('put <file>').description('register or update the NPC(s) in a JSON or YAML file')).action(
  async (file: string, o: { url?: string; key?: string }) => {
    for (const n of await putNpcs(targetFromEnv(o), file)) print(`${n.id}: ${n.name} (${n.role}) registered`);
  },
);

program.command('import').description('import the game server\'s own data').command('rathena')
  .description('read items, monsters, maps, shops, warps and spawns of an rAthena tree into the world knowledge file (WORLD_FILE)')
  .requiredOption('--dir <rathena>', 'the rAthena directory (with db/ and npc/)')
  .option('--mode <mode>', 'auto | pre-re | re', 'auto')
  .option('--out <file>', 'world file to write (default WORLD_FILE, else var/world/rathena.json)')
  .option('--npcs <file.yaml>', 'also write merchant NPC definitions generated from its shops')
  .option('--npcs-map <map>', 'only the shops of this map')
  .action((o: { dir: string; mode: string; out?: string; npcs?: string; npcsMap?: string }) => importRathenaCommand(o, print));

remote(
  program
    .command('ask')
    .description('ask the gateway for one decision and print it')
    .requiredOption('--npc <id>')
    .option('--player <id>', 'player id', 'cli-player')
    .option('--name <name>', 'player name')
    .option('--level <n>', 'player level')
    .option('--text <text>', 'what the player says')
    .option('--event <type>', 'talk|trade|quest|combat|idle|proximity', 'talk')
    .option('--allow <actions>', `comma-separated allowedActions (${ACTION_TYPES.join(',')})`, ACTION_TYPES.join(','))
    .option('--deadline <ms>')
    .option('--request-id <id>'),
).action(async (o: Parameters<typeof ask>[1] & { url?: string; key?: string }) => {
  print(JSON.stringify(await ask(targetFromEnv(o), o), null, 2));
});

program
  .command('costs')
  .description('LLM spend by provider, model and NPC for a budget day; budget and remaining')
  .option('--day <YYYY-MM-DD>', 'budget day (default today in LLM_BUDGET_TZ)')
  .action((o: { day?: string }) => costs(o.day, print));

remote(
  program
    .command('replay <file>')
    .description('send the decision requests of a JSONL file; print decisions by source, cache hit ratio and cost')
    .option('--concurrency <n>', 'requests in flight', '8'),
).action(async (file: string, o: { concurrency: string; url?: string; key?: string }) => {
  await replay(targetFromEnv(o), file, Number(o.concurrency), print);
});

program
  .command('classify')
  .description('JSONL with "text" on stdin → one JSONL line per input {"text","intent","confidence"} on stdout (promoted model + rules)')
  .option('--threshold <t>', 'confidence below which the rules say unknown')
  .option('--model <file.onnx>', 'this model instead of the registry\'s promoted one')
  .option('--rules-only', 'the rules alone')
  .action(async (o: { threshold?: string; model?: string; rulesOnly?: boolean }) => {
    const config = loadConfig(BaseEnv);
    // Warnings go to stderr only: stdout is the JSONL answer.
    const classifier = await loadProductClassifier({
      databaseUrl: config.DATABASE_URL,
      databaseSchema: config.DATABASE_SCHEMA,
      ...(o.model !== undefined && { modelFile: o.model }),
      ...(o.rulesOnly && { rulesOnly: true }),
      warn: (m) => process.stderr.write(`npc: ${m}\n`),
    });
    try {
      await classify(process.stdin, process.stdout, o.threshold === undefined ? undefined : Number(o.threshold), classifier);
    } finally {
      await classifier.release();
    }
  });

const version = (flag: string, v: string) => {
  const n = Number(v.replace(/^v/, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: a model version (a positive integer), not "${v}"`);
  return n;
};
const collect = (v: string, acc: string[] = []) => [...acc, v];

program
  .command('eval <files...>')
  .description('accuracy overall and per language, per-intent precision/recall and confusions of the product classifier on {"text","intent"[,"lang"]} JSONL files')
  .option('--model <file.onnx>', 'this model instead of the registry\'s promoted one')
  .option('--version <n>', 'this registry version instead of the promoted one')
  .option('--rules-only', 'the rules alone')
  .option('--report <out.html>', 'also write an HTML report: per-intent and per-language precision/recall, confusion heat map, calibration, comparison with the promoted model')
  .action(async (files: string[], o: { model?: string; version?: string; rulesOnly?: boolean; report?: string }) => {
    const { version: v, ...rest } = o;
    await evalFiles(files, { ...rest, ...(v !== undefined && { version: version('--version', v) }) }, print, (line) => process.stderr.write(`${line}\n`));
  });

/** The training-setting flags (over the LEARN_* settings) of `learn --once` and `learn export`. */
const trainingFlags = (c: Command, all = true) => {
  if (all) {
    c.option('--epochs <n>', 'training epochs (LEARN_EPOCHS)')
      .option('--learning-rate <x>', 'step size (LEARN_LEARNING_RATE)')
      .option('--l2 <x>', 'L2 regularisation (LEARN_L2)');
  }
  return c
    .option('--dims <n>', 'hashed feature dimensions, a power of two (LEARN_FEATURE_DIMS)')
    .option('--seed <n>', 'corpus and training seed (LEARN_SEED)')
    .option('--corpus-per-intent <n>', 'generated examples per intent (LEARN_CORPUS_PER_INTENT)');
};

const learn = trainingFlags(
  program
    .command('learn')
    .description('run the learning worker (ingest + scheduled retraining) until Ctrl-C; --once: ingest, retrain with these settings and promote if better, now')
    .option('--once', 'ingest and retrain in this process, print a summary, exit'),
).action(async (o: { once?: boolean } & SettingFlags) => {
  const overrides = settingsFromFlags(o);
  if (o.once) await learnOnce(print, process.stderr, overrides);
  else if (Object.keys(overrides).length > 0) throw new Error('training settings apply to --once (the worker reads LEARN_*)');
  else learnForever();
});
trainingFlags(
  learn
    .command('export')
    .description('write the training set as retraining builds it (text, intent, language, source, rating, outcome, role, split, weight, features) and its feature spec (FILE.features.json)')
    .option('--since <date>', 'only learnt data seen since then (the generated corpus is left out)')
    .option('--format <format>', 'jsonl | parquet', 'jsonl')
    .option('--out <file>', 'where to write (default ./training-set.<format>)')
    .option('--no-features', 'leave out the feature columns'),
  false,
).action(async (o: ExportFlags) => {
  await exportTrainingSet(o, print);
});

const models = program
  .command('models')
  .description('the intent-model registry: versions, status, accuracy, settings; --promote N rolls back (or forward) to version N')
  .option('--promote <version>', 'make this version the promoted model (inference workers hot-reload it)')
  .action(async (o: { promote?: string }) => {
    if (o.promote === undefined) return listModels(print, process.stderr);
    await promoteModel(version('--promote', o.promote), print, process.stderr);
  });
models
  .command('add <file>')
  .description('bring your own ONNX model (docs/ml/model-contract.md): measured on the held-out split, promoted through the same gate when better')
  .option('--labels <intents>', 'the intents of its output columns, comma-separated (when its metadata has no npc.labels)')
  .option('--eval <file.jsonl>', 'also measure it on this labelled file (repeatable)', collect)
  .action(async (file: string, o: AddFlags) => {
    await addModelFile(file, o, print, process.stderr);
  });
models
  .command('diff <a> <b>')
  .description('where two models (registry versions or .onnx files) disagree: on the held-out split, or --on labelled files')
  .option('--on <file.jsonl>', 'compare on this labelled file instead (repeatable)', collect)
  .option('--limit <n>', 'disagreements listed', '30')
  .action(async (a: string, b: string, o: { on?: string[]; limit?: string }) => {
    await diffModelsCommand(a, b, o, print, process.stderr);
  });
models
  .command('prune')
  .description('delete rejected and retired models older than LEARN_MODEL_RETENTION_DAYS (never the promoted one)')
  .option('--days <n>', 'retention period in days (default LEARN_MODEL_RETENTION_DAYS)')
  .action(async (o: { days?: string }) => {
    await pruneCommand(o, print, process.stderr);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ApiError || err instanceof Error) process.stderr.write(`npc: ${err.message}\n`);
  else process.stderr.write(`npc: ${String(err)}\n`);
  process.exit(1);
});
