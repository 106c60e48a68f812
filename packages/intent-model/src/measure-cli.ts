/**
 * `tsx packages/intent-model/src/measure-cli.ts [--dev FILE.jsonl] [--out model.onnx]`: trains the
 * model on the generated corpus and prints its accuracy on the generated held-out split and, for
 * the rules recognizer, the model and `combineIntents`, on a labelled JSONL file (`{"text","intent"}`
 * a line) when one is given. For measuring only: nothing here feeds back into training.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Intent } from '@npc/contracts';
import { recognize } from '@npc/rules';
import { combineIntents } from './combine';
import { generateCorpus } from './corpus';
import { evaluate, formatReport } from './evaluate';
import { exportOnnx } from './onnx-export';
import { splitHeldOut } from './split';
import { predict, train, type TrainedModel } from './train';

function measure(model: TrainedModel, set: readonly { text: string; intent: Intent }[], name: string, verbose: boolean): void {
  const rows = set.map((e) => ({ e, rules: recognize(e.text).intent, model: predict(model, e.text) }));
  const report = (label: string, pick: (r: (typeof rows)[number]) => Intent, full: boolean): void => {
    const rep = evaluate(rows.map((r) => ({ expected: r.e.intent, predicted: pick(r) })));
    console.log(full ? formatReport(rep, `${name} — ${label}`, 15) : `${name} — ${label}: accuracy ${(rep.accuracy * 100).toFixed(1)}% (${rep.correct}/${rep.total})`);
  };
  report('rules alone', (r) => r.rules.name, verbose);
  report('model alone', (r) => r.model.intent, verbose);
  report('combineIntents (default)', (r) => combineIntents(r.rules, r.model).intent.name, verbose);
  for (const mc of [0.5, 0.6, 0.7, 0.8, 0.9]) {
    for (const rc of [0.5, 0.6, 0.75, 0.9, 1.01]) {
      report(`combine modelConfident ${mc} rulesConfident ${rc}`, (r) => combineIntents(r.rules, r.model, { modelConfident: mc, rulesConfident: rc }).intent.name, false);
    }
  }
}

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const t0 = performance.now();
const corpus = generateCorpus({ seed: 1 });
const { train: tr, heldOut } = splitHeldOut(corpus);
const model = train(tr, { onProgress: (p) => console.log(`epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`) });
console.log(`trained on ${tr.length} texts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
measure(model, heldOut, 'generated held-out', true);
const out = arg('--out');
if (out) writeFileSync(out, exportOnnx(model, { trainedOn: 'generated corpus seed 1' }));
const dev = arg('--dev');
if (dev) {
  const set = readFileSync(dev, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const o = JSON.parse(l) as { text: string; intent: string };
    return { text: o.text, intent: Intent.parse(o.intent) };
  });
  measure(model, set, dev.split('/').pop() ?? dev, true);
}
